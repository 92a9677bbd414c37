using TorchSharp;
using static TorchSharp.torch;

namespace Portal.ModelLab.Data;

/// <summary>Pixel scaling learnt from the training images: a value v in 0-255 becomes (v / 255 − Mean) / Std.</summary>
public sealed record Normalization(float Mean, float Std)
{
    public float Apply(byte value) => (value / 255f - Mean) / Std;
}

/// <summary>
/// A data set ready to train on: training, validation and test images as normalized float tensors
/// (N × 1 × rows × columns) with their labels. The validation part is drawn from the training images
/// by a seeded shuffle, so the same seed gives the same split.
/// </summary>
public sealed class PreparedData : IDisposable
{
    private PreparedData(LabelledImageSet test, Normalization normalization, Tensor trainImages, Tensor trainLabels,
        Tensor validationImages, Tensor validationLabels, Tensor testImages, Tensor testLabels)
    {
        Test = test;
        Normalization = normalization;
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        ValidationImages = validationImages;
        ValidationLabels = validationLabels;
        TestImages = testImages;
        TestLabels = testLabels;
    }

    /// <summary>The test images as read, for showing the ones the model gets wrong.</summary>
    public LabelledImageSet Test { get; }

    public Normalization Normalization { get; }

    public IReadOnlyList<string> ClassNames => Test.ClassNames;

    public Tensor TrainImages { get; }

    public Tensor TrainLabels { get; }

    public Tensor ValidationImages { get; }

    public Tensor ValidationLabels { get; }

    public Tensor TestImages { get; }

    public Tensor TestLabels { get; }

    public int TrainCount => (int)TrainLabels.shape[0];

    /// <summary>Splits <paramref name="training"/> into training and validation parts and normalizes every part with the training part's mean and spread.</summary>
    /// <param name="validationFraction">0.01-0.5 of the images; 0 for no validation part (training then skips the validation pass).</param>
    /// <param name="maxTrainingImages">Uses only this many training images (after shuffling), to keep runs short; null for all.</param>
    public static PreparedData Prepare(LabelledImageSet training, LabelledImageSet test, double validationFraction, int seed, int? maxTrainingImages = null)
    {
        Native.TorchRuntime.EnsureLoaded();
        if (validationFraction != 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(validationFraction, 0.01);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(validationFraction, 0.5);
        if (training.Rows != test.Rows || training.Columns != test.Columns || training.ClassNames.Count != test.ClassNames.Count)
        {
            throw new InvalidDataException(
                $"The training images are {training.Rows} × {training.Columns} in {training.ClassNames.Count} classes but the test images {test.Rows} × {test.Columns} in {test.ClassNames.Count}.");
        }

        var order = Enumerable.Range(0, training.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validationCount = validationFraction == 0 ? 0 : Math.Max(1, (int)Math.Round(training.Count * validationFraction));
        var trainCount = Math.Min(training.Count - validationCount, maxTrainingImages ?? int.MaxValue);
        if (trainCount < 1)
        {
            throw new InvalidDataException($"{training.Count} training images leave none to train on after the validation part.");
        }

        var trainOrder = order.AsSpan(validationCount, trainCount);
        var normalization = Measure(training, trainOrder);
        return new PreparedData(test, normalization,
            ImagesTensor(training, trainOrder, normalization), LabelsTensor(training, trainOrder),
            ImagesTensor(training, order.AsSpan(0, validationCount), normalization), LabelsTensor(training, order.AsSpan(0, validationCount)),
            ImagesTensor(test, Enumerable.Range(0, test.Count).ToArray(), normalization), LabelsTensor(test, Enumerable.Range(0, test.Count).ToArray()));
    }

    /// <summary>Normalizes one image into a 1 × 1 × rows × columns tensor.</summary>
    public static Tensor ImageTensor(ReadOnlySpan<byte> pixels, int rows, int columns, Normalization normalization)
    {
        Native.TorchRuntime.EnsureLoaded();
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = normalization.Apply(pixels[i]);
        }

        return tensor(values, [1, 1, rows, columns]);
    }

    private static Normalization Measure(LabelledImageSet set, ReadOnlySpan<int> indices)
    {
        double sum = 0, squares = 0;
        foreach (var index in indices)
        {
            foreach (var pixel in set.Image(index))
            {
                var value = pixel / 255.0;
                sum += value;
                squares += value * value;
            }
        }

        var count = (double)indices.Length * set.Rows * set.Columns;
        var mean = sum / count;
        var std = Math.Sqrt(Math.Max(squares / count - mean * mean, 0));
        return new Normalization((float)mean, (float)Math.Max(std, 1e-3));
    }

    private static Tensor ImagesTensor(LabelledImageSet set, ReadOnlySpan<int> indices, Normalization normalization)
    {
        var size = set.Rows * set.Columns;
        var values = new float[indices.Length * size];
        for (var i = 0; i < indices.Length; i++)
        {
            var image = set.Image(indices[i]);
            for (var p = 0; p < size; p++)
            {
                values[i * size + p] = normalization.Apply(image[p]);
            }
        }

        return tensor(values, [indices.Length, 1, set.Rows, set.Columns]);
    }

    private static Tensor LabelsTensor(LabelledImageSet set, ReadOnlySpan<int> indices)
    {
        var values = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            values[i] = set.Labels[indices[i]];
        }

        return tensor(values);
    }

    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        ValidationImages.Dispose();
        ValidationLabels.Dispose();
        TestImages.Dispose();
        TestLabels.Dispose();
    }
}
