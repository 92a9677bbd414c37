using System.Globalization;
using Bunit;
using Portal.Features.ModelLab;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

public sealed class RunProgressTests : IDisposable
{
    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public RunProgressTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Theory]
    [InlineData(1, "1 epoch done in 2 min, 1,250 samples/s")]
    [InlineData(3, "3 epochs done in 2 min, 1,250 samples/s")]
    public async Task A_finished_run_counts_its_epochs_in_the_singular_after_one(int epochs, string expected)
    {
        await using var context = PortalComponentTestContext.Create(out _);

        var progress = context.Render<RunProgress>(p => p.Add(x => x.Run, Completed(epochs)));

        Assert.Equal(expected, progress.Find("[data-testid=lab-progress-text]").TextContent);
        Assert.Equal("100", progress.Find("[data-testid=lab-progress-bar]").GetAttribute("data-value"));
    }

    [Fact]
    public async Task In_chinese_one_epoch_reads_like_any_other_count()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var context = PortalComponentTestContext.Create(out _);

        var progress = context.Render<RunProgress>(p => p.Add(x => x.Run, Completed(1)));

        Assert.Equal("完成 1 轮，用时 2 分钟，1,250 样本/秒", progress.Find("[data-testid=lab-progress-text]").TextContent);
    }

    private static RunSummary Completed(int epochs) => new(Guid.NewGuid(), "Run", RunStatus.Completed, LabDatasets.FashionMnist, "Ada",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, epochs, epochs, 20, 20, 1, null, 1250, 5000, 0.8, 0.5, 693_962, 1_776_384, 1000,
        new TrainingOptions(Epochs: epochs), ModelSpec.DefaultCnn.ToJson(), null, null, 120, null);
}
