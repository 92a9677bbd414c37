namespace Portal.ModelLab.Data;

/// <summary>Where Fashion-MNIST comes from: the full set where Debian's package installed it, the committed subset otherwise.</summary>
public sealed class DatasetCatalog(string contentRoot, string fullSetFolder = DatasetCatalog.DebianFolder)
{
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    public const string SubsetFolder = "datasets/fashion-mnist-subset";

    /// <summary>The folder with train-* and t10k-* IDX files to use: the full set if complete, else the subset.</summary>
    public string FashionMnistFolder => HasAllFiles(fullSetFolder) ? fullSetFolder : Path.Combine(contentRoot, SubsetFolder);

    public bool IsFullSet => HasAllFiles(fullSetFolder);

    /// <summary>Reads the training or the test part (t10k) with <see cref="IdxReader"/>.</summary>
    public LabelledImageSet Load(bool training, long maxBytes = 64L * 1024 * 1024)
    {
        var prefix = training ? "train" : "t10k";
        using var images = File.OpenRead(FindFile(FashionMnistFolder, $"{prefix}-images-idx3-ubyte"));
        using var labels = File.OpenRead(FindFile(FashionMnistFolder, $"{prefix}-labels-idx1-ubyte"));
        return IdxReader.Read(images, labels, maxBytes, LabelledImageSet.FashionMnistClasses);
    }

    private static readonly string[] Stems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static bool HasAllFiles(string folder) =>
        Stems.All(stem => File.Exists(Path.Combine(folder, stem)) || File.Exists(Path.Combine(folder, stem + ".gz")));

    private static string FindFile(string folder, string stem) =>
        File.Exists(Path.Combine(folder, stem + ".gz")) ? Path.Combine(folder, stem + ".gz") : Path.Combine(folder, stem);
}
