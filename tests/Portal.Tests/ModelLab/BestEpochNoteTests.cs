using System.Globalization;
using Bunit;
using Portal.Features.ModelLab;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

public sealed class BestEpochNoteTests : IDisposable
{
    private static readonly MetricPoint[] RisingAfterTwo =
        [MetricSeriesTests.Validated(1, 1, 0.5), MetricSeriesTests.Validated(2, 2, 0.4), MetricSeriesTests.Validated(3, 3, 0.45), MetricSeriesTests.Validated(4, 4, 0.47)];

    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public BestEpochNoteTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Fact]
    public async Task A_run_that_kept_its_best_epoch_says_so_and_that_the_loss_rose_after_it()
    {
        await using var context = PortalComponentTestContext.Create(out _);

        var note = context.Render<BestEpochNote>(p => p.Add(x => x.Run, Run(new TrainingOptions(Epochs: 4, KeepBestEpoch: true), epochsTrained: 4)).Add(x => x.Metrics, RisingAfterTwo));

        Assert.Equal("2", note.Find("[data-testid=lab-best-epoch]").GetAttribute("data-epoch"));
        Assert.Contains("The lowest validation loss was in epoch 2 (0.400).", note.Markup, StringComparison.Ordinal);
        Assert.Contains("It rose after that", note.Markup, StringComparison.Ordinal);
        Assert.Contains("The model holds the weights of epoch 2.", note.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_stopped_early_says_after_which_epoch_and_holds_its_last_weights_unless_asked()
    {
        await using var context = PortalComponentTestContext.Create(out _);

        var note = context.Render<BestEpochNote>(p => p.Add(x => x.Run, Run(new TrainingOptions(Epochs: 10, EarlyStoppingPatience: 2), epochsTrained: 4)).Add(x => x.Metrics, RisingAfterTwo));

        Assert.Contains("The model holds the weights of epoch 4.", note.Markup, StringComparison.Ordinal);
        Assert.Contains("Stopped early after epoch 4: no improvement for 2 epochs in a row.", note.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_stopped_after_one_epoch_without_improvement_says_one_epoch_not_one_epochs()
    {
        await using var context = PortalComponentTestContext.Create(out _);

        var note = context.Render<BestEpochNote>(p => p.Add(x => x.Run, Run(new TrainingOptions(Epochs: 10, EarlyStoppingPatience: 1), epochsTrained: 3))
            .Add(x => x.Metrics, RisingAfterTwo[..3]));

        Assert.Contains("Stopped early after epoch 3: no improvement for 1 epoch.", note.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("1 epochs", note.Markup, StringComparison.Ordinal);
    }

    private static RunSummary Run(TrainingOptions options, int epochsTrained) => new(Guid.NewGuid(), "Run", RunStatus.Completed, LabDatasets.FashionMnist, "Ada",
        DateTimeOffset.UtcNow, null, null, epochsTrained, options.Epochs, 10, 10, 1, null, null, null, null, null, 693_962, 1_776_384, 1000, options, ModelSpec.DefaultCnn.ToJson(),
        null, null, 0, null);
}
