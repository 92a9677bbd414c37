using Portal.ModelLab.Data;

namespace Portal.ModelLab.Bench;

/// <summary>Like the peer's data: uniform random 28×28 pixels and random labels 0-9, prepared by the product's own code.</summary>
internal static class SyntheticData
{
    private const int Side = 28;

    /// <summary><paramref name="samples"/> training images and no validation part, so training runs no validation pass.</summary>
    public static PreparedData Prepare(int samples, int seed)
    {
        var random = new Random(seed);
        var training = Images(samples, random);
        var test = Images(1, random);
        return PreparedData.Prepare(training, test, validationFraction: 0, seed);
    }

    /// <summary><paramref name="count"/> images as raw bytes, for a path that takes its data as an upload.</summary>
    public static LabelledImageSet Raw(int count, int seed) => Images(count, new Random(seed));

    private static LabelledImageSet Images(int count, Random random)
    {
        var pixels = new byte[count * Side * Side];
        var labels = new byte[count];
        random.NextBytes(pixels);
        for (var i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(LabelledImageSet.FashionMnistClasses.Count);
        }

        return new LabelledImageSet(pixels, labels, Side, Side, LabelledImageSet.FashionMnistClasses);
    }
}
