using Portal.ModelLab.Data;

namespace Portal.ModelLab.Tests;

/// <summary>The committed Fashion-MNIST subset, whatever Debian has installed on this machine.</summary>
internal static class TestData
{
    public static DatasetCatalog SubsetCatalog() =>
        new(Path.Combine(RepositoryRoot(), "content"), fullSetFolder: Path.Combine(Path.GetTempPath(), "no-such-folder"));

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the tests.");
    }

    public static string TemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "modellab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
