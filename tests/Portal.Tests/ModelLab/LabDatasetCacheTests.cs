using System.Globalization;
using System.Text;
using Portal.Features.ModelLab;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

public sealed class LabDatasetCacheTests : IDisposable
{
    // 200 images of 785 bytes each, split into a training pool and a test part.
    private const long UploadBytes = 200 * 785;

    private readonly string uploads = Path.Combine(Path.GetTempPath(), "portal-tests", "cache-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Sets_beyond_the_budget_are_dropped_least_recently_used_first()
    {
        var datasets = Datasets(budget: (2 * UploadBytes) + 1000);
        var (a, b, c) = (Upload(), Upload(), Upload());

        datasets.Load(a);
        datasets.Load(b);
        datasets.Load(a);
        datasets.Load(c);

        Assert.Equal([c, a], datasets.CachedKeys);
        Assert.Equal(2 * UploadBytes, datasets.CachedBytes);
    }

    [Fact]
    public void Fashion_mnist_counts_against_the_budget_and_an_evicted_set_is_read_again_when_used()
    {
        var datasets = Datasets(budget: 3 * UploadBytes);
        var upload = Upload();

        var first = datasets.Load(upload);
        datasets.Load(LabDatasets.FashionMnist);
        var again = datasets.Load(upload);

        Assert.Equal([upload], datasets.CachedKeys);
        Assert.NotSame(first.Train, again.Train);
        Assert.Equal(first.Train.Pixels, again.Train.Pixels);
    }

    [Fact]
    public void A_set_that_fails_to_read_is_not_kept()
    {
        var datasets = Datasets(budget: 10 * UploadBytes);
        var broken = Upload();
        File.WriteAllText(Path.Combine(uploads, broken, LabDatasets.CsvFile), "not, a, set\n");

        Assert.Throws<InvalidDataException>(() => datasets.Load(broken));

        Assert.Empty(datasets.CachedKeys);
        Assert.Equal(0, datasets.CachedBytes);
    }

    public void Dispose()
    {
        if (Directory.Exists(uploads))
        {
            Directory.Delete(uploads, recursive: true);
        }
    }

    private LabDatasets Datasets(long budget) =>
        new(PortalComponentTestContext.ContentRoot, uploads, new ModelLabOptions { DatasetCacheBytes = budget, FashionMnistFolder = Path.Combine(uploads, "no-full-set") });

    /// <summary>An upload folder of 200 CSV images; returns its key.</summary>
    private string Upload()
    {
        var key = Guid.NewGuid().ToString("N");
        var folder = Directory.CreateDirectory(Path.Combine(uploads, key)).FullName;
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append(i % 10).Append(',').AppendJoin(',', Enumerable.Repeat((i % 256).ToString(CultureInfo.InvariantCulture), 784)).Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, LabDatasets.CsvFile), text.ToString());
        return key;
    }
}
