using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Features.Canvas;
using Portal.Features.ModelLab;
using Portal.ModelLab.Costs;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

public sealed partial class CostPanelTests : IDisposable
{
    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Fact]
    public async Task In_chinese_each_gpus_source_reads_in_chinese_and_can_be_reached_by_keyboard()
    {
        UseCulture("zh-CN");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<CanvasService>);

        var panel = context.Render<CostPanel>(p => p.Add(x => x.Run, OneEpochRun()).Add(x => x.UserId, "u").Add(x => x.WorkspaceId, Guid.NewGuid()));

        var sources = panel.FindAll("button[data-testid=lab-cost-source]").Select(button => button.GetAttribute("aria-label") ?? "").ToList();
        Assert.Equal(HardwareCatalog.DefaultGpus.Count, sources.Count);
        Assert.All(sources, label => Assert.StartsWith("数据来源：峰值：", label, StringComparison.Ordinal));
        Assert.Contains(sources, label => label.Contains("NVIDIA 与 AWS 于 2022 年 2 月发布的 A10G 数据手册", StringComparison.Ordinal));
        Assert.DoesNotContain("Peak:", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("训练一次：1,000 个样本 × 1 轮", panel.Find("h3").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_english_one_epoch_is_singular_and_each_source_is_the_catalogs()
    {
        UseCulture("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<CanvasService>);

        var panel = context.Render<CostPanel>(p => p.Add(x => x.Run, OneEpochRun()).Add(x => x.UserId, "u").Add(x => x.WorkspaceId, Guid.NewGuid()));

        Assert.Equal(HardwareCatalog.DefaultGpus.Select(gpu => "Source: " + gpu.Source),
            panel.FindAll("button[data-testid=lab-cost-source]").Select(button => button.GetAttribute("aria-label")));
        Assert.Equal("One training run: 1,000 samples × 1 epoch", panel.Find("h3").TextContent);
        Assert.Contains("time = 1,000 samples × 1 epoch / ", panel.Find("[data-testid=lab-cost-training]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("1 epochs", panel.Find("[data-testid=lab-cost]").TextContent, StringComparison.Ordinal);
    }

    // The English text lives in the catalog and in LabText.en.resx; a figure changed in one must change in the other and in Chinese.
    [Fact]
    public void Each_gpus_translated_source_keeps_the_catalogs_figures_and_addresses()
    {
        var localizer = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(LabText));

        foreach (var gpu in HardwareCatalog.DefaultGpus)
        {
            var key = $"Cost.Source.{gpu.SourceKey}";
            UseCulture("en");
            Assert.Equal(gpu.Source, localizer[key].Value);
            UseCulture("zh-CN");
            var chinese = localizer[key];
            Assert.False(chinese.ResourceNotFound, key);
            Assert.All(FiguresAndAddresses().Matches(gpu.Source).Select(m => m.Value.TrimEnd('.')),
                fact => Assert.Contains(fact, chinese.Value, StringComparison.Ordinal));
        }
    }

    private static void UseCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    private static RunSummary OneEpochRun() => new(Guid.NewGuid(), "Run", RunStatus.Completed, "fashion-mnist", "Ada", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow, 1, 1, 10, 10, 1, 0, 100, 100, 0.8, 0.5, 693_962, 1_776_384, 1000, new TrainingOptions(), ModelSpec.DefaultCnn.ToJson(), null, null, 60, null);

    /// <summary>An address, or a number such as 1,979 or 0.7068.</summary>
    [GeneratedRegex(@"https://[^\s)]+|\d+(?:[.,]\d+)*")]
    private static partial Regex FiguresAndAddresses();
}
