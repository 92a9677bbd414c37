namespace Portal.ModelLab.Data;

/// <summary>Grey images of one size with a class label each, as bytes 0-255, row by row.</summary>
/// <param name="Pixels">Count × Rows × Columns bytes, image after image.</param>
/// <param name="Labels">One label per image, 0 to <paramref name="ClassNames"/>.Count − 1.</param>
/// <param name="Rows">Height of every image.</param>
/// <param name="Columns">Width of every image.</param>
/// <param name="ClassNames">The name of each class.</param>
public sealed record LabelledImageSet(byte[] Pixels, byte[] Labels, int Rows, int Columns, IReadOnlyList<string> ClassNames)
{
    /// <summary>Fashion-MNIST's ten classes (Zalando SE, MIT licence).</summary>
    public static readonly IReadOnlyList<string> FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public int Count => Labels.Length;

    /// <summary>The bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * Rows * Columns, Rows * Columns);
}
