namespace Portal.ModelLab.Data;

/// <summary>Where Fashion-MNIST comes from: the full set where Debian's package installed it, the committed subset otherwise.</summary>
public sealed class DatasetCatalog(string contentRoot, string fullSetFolder = DatasetCatalog.DebianFolder)
{
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    public const string SubsetFolder = "datasets/fashion-mnist-subset";

    /// <summary>The folder with train-* and t10k-* IDX files to use: the full set if complete, else the subset.</summary>
    public string FashionMnistFolder => HasAllFiles(fullSetFolder) ? fullSetFolder : Path.Combine(contentRoot, SubsetFolder);

    public bool IsFullSet => HasAllFiles(fullSetFolder);

    /// <summary>The most images one part may hold: Fashion-MNIST's training part has 60,000.</summary>
    public const int MaxImages = 60_000;

    /// <summary>Reads the training or the test part (t10k) with <see cref="IdxReader"/>.</summary>
    public LabelledImageSet Load(bool training)
    {
        var prefix = training ? "train" : "t10k";
        using var images = File.OpenRead(FindFile(FashionMnistFolder, $"{prefix}-images-idx3-ubyte"));
        using var labels = File.OpenRead(FindFile(FashionMnistFolder, $"{prefix}-labels-idx1-ubyte"));
        return IdxReader.Read(images, labels, MaxImages, LabelledImageSet.FashionMnistClasses);
    }

    private static readonly string[] Stems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static bool HasAllFiles(string folder) =>
        Stems.All(stem => File.Exists(Path.Combine(folder, stem)) || File.Exists(Path.Combine(folder, stem + ".gz")));

    private static string FindFile(string folder, string stem) =>
        File.Exists(Path.Combine(folder, stem + ".gz")) ? Path.Combine(folder, stem + ".gz") : Path.Combine(folder, stem);
}
