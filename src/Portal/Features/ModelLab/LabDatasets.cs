using Portal.ModelLab.Data;

namespace Portal.Features.ModelLab;

/// <summary>A data set the lab can train on, as the page lists it.</summary>
public sealed record DatasetInfo(string Key, string Name, int TrainCount, int TestCount);

/// <summary>
/// Reads the lab's data sets and keeps the recently used ones in memory within
/// <see cref="ModelLabOptions.DatasetCacheBytes"/>: Fashion-MNIST (the full set where Debian installed it, the
/// committed subset otherwise) and the sets members uploaded, each split into a training pool and a fixed test part.
/// </summary>
public sealed class LabDatasets(string contentRoot, string uploadsFolder, ModelLabOptions options)
{
    public const string FashionMnist = "fashion-mnist";

    /// <summary>Uploaded sets take the ten MNIST classes, named by their digit.</summary>
    public static readonly IReadOnlyList<string> DigitClasses = [.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The share of an uploaded set kept aside for testing.</summary>
    public const double UploadTestShare = 0.15;

    /// <summary>The fewest images an upload may have, so that every part of the split has some.</summary>
    public const int MinUploadImages = 100;

    public const string CsvFile = "data.csv";
    public const string ImagesFile = "images.idx";
    public const string LabelsFile = "labels.idx";

    private readonly DecodedSetCache loaded = new(options.DatasetCacheBytes);
    private readonly DatasetCatalog catalog = new(contentRoot, options.FashionMnistFolder);

    public string UploadsFolder { get; } = uploadsFolder;

    public DatasetInfo FashionMnistInfo()
    {
        var (train, test) = Load(FashionMnist);
        return new DatasetInfo(FashionMnist, catalog.IsFullSet ? "Fashion-MNIST" : "Fashion-MNIST (subset)", train.Count, test.Count);
    }

    /// <summary>The training pool and test part of a set: Fashion-MNIST's own, or an upload's seeded split.</summary>
    public (LabelledImageSet Train, LabelledImageSet Test) Load(string key) =>
        loaded.GetOrLoad(key, () => key == FashionMnist
            ? (catalog.Load(training: true), catalog.Load(training: false))
            : SplitUpload(ReadUpload(Path.Combine(UploadsFolder, key), options.MaxUploadImages)));

    /// <summary>The keys of the sets held in memory now, most recently used first.</summary>
    public IReadOnlyList<string> CachedKeys => loaded.Keys;

    /// <summary>The bytes of images and labels held in memory now.</summary>
    public long CachedBytes => loaded.HeldBytes;

    /// <summary>An uploaded set as listed, from its stored row: the split is known from the image count alone.</summary>
    public static DatasetInfo Describe(LabDataset dataset)
    {
        var test = TestCount(dataset.ImageCount);
        return new DatasetInfo(dataset.Id.ToString("N"), dataset.Name, dataset.ImageCount - test, test);
    }

    private static int TestCount(int images) => (int)Math.Round(images * UploadTestShare);

    /// <summary>Reads an upload folder: a CSV file, or an IDX images and labels pair, taking at most <paramref name="maxImages"/> images.</summary>
    /// <exception cref="InvalidDataException">What is wrong with the files.</exception>
    public static LabelledImageSet ReadUpload(string folder, int maxImages)
    {
        var csv = Path.Combine(folder, CsvFile);
        LabelledImageSet set;
        if (File.Exists(csv))
        {
            using var stream = File.OpenRead(csv);
            set = CsvImageReader.Read(stream, maxImages, DigitClasses);
        }
        else
        {
            using var images = File.OpenRead(Path.Combine(folder, ImagesFile));
            using var labels = File.OpenRead(Path.Combine(folder, LabelsFile));
            set = IdxReader.Read(images, labels, maxImages, DigitClasses);
        }

        if (set.Rows != 28 || set.Columns != 28)
        {
            throw new InvalidDataException($"The lab trains on 28 × 28 images; these are {set.Rows} × {set.Columns}.");
        }

        if (set.Count < MinUploadImages)
        {
            throw new InvalidDataException($"The set has {set.Count} images; the lab needs at least {MinUploadImages}.");
        }

        return set;
    }

    /// <summary>Splits an upload with a fixed seed, so every run on it is tested on the same images.</summary>
    private static (LabelledImageSet Train, LabelledImageSet Test) SplitUpload(LabelledImageSet set)
    {
        var order = Enumerable.Range(0, set.Count).ToArray();
        new Random(0).Shuffle(order);
        var testCount = TestCount(set.Count);
        return (Subset(set, order[testCount..]), Subset(set, order[..testCount]));
    }

    private static LabelledImageSet Subset(LabelledImageSet set, int[] indices)
    {
        var size = set.Rows * set.Columns;
        var pixels = new byte[indices.Length * size];
        var labels = new byte[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            set.Image(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = set.Labels[indices[i]];
        }

        return new LabelledImageSet(pixels, labels, set.Rows, set.Columns, set.ClassNames);
    }
}
