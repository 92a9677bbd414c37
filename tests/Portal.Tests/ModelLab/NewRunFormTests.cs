using System.Globalization;
using Bunit;
using Portal.Features.ModelLab;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

public sealed class NewRunFormTests : IDisposable
{
    private static readonly DatasetInfo[] Datasets = [new(LabDatasets.FashionMnist, "Fashion-MNIST (subset)", 2000, 1000)];
    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
    private readonly List<RunRequest> queued = [];

    public NewRunFormTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Fact]
    public async Task A_fresh_form_starts_from_the_latest_runs_settings()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var latest = Run(new TrainingOptions(OptimizerKind.Sgd, 0.05, Epochs: 7, BatchSize: 16, Seed: 3), maxImages: 500);

        var form = Render(context, latest, runNumber: 2);
        form.Find("[data-testid=lab-train]").Click();

        var request = Assert.Single(queued);
        Assert.Equal(latest.Options with { MetricsEverySteps = request.Options.MetricsEverySteps }, request.Options);
        Assert.Equal(500, request.MaxTrainingImages);
        Assert.Equal("Run 2", request.Name);
    }

    [Fact]
    public async Task The_guides_preset_sets_ten_epochs_of_batch_32_and_the_settings_stay_after_a_run_is_queued()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var form = Render(context, latest: null, runNumber: 1);

        form.Find("[data-testid=lab-preset-guide]").Click();
        form.Find("[data-testid=lab-train]").Click();
        // The page lists the new run: the form renders again with the next run's number.
        form.Render(p => p.Add(x => x.RunNumber, 2).Add(x => x.Latest, Run(queued[0].Options, null)));
        form.Find("[data-testid=lab-train]").Click();

        Assert.Equal(2, queued.Count);
        Assert.All(queued, request => Assert.Equal((10, 32), (request.Options.Epochs, request.Options.BatchSize)));
        Assert.Equal(["Run 1", "Run 2"], queued.Select(r => r.Name));
    }

    [Fact]
    public async Task With_no_run_yet_the_form_offers_a_quick_first_look()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var form = Render(context, latest: null, runNumber: 1);

        form.Find("[data-testid=lab-train]").Click();

        Assert.Equal((3, 64), (queued[0].Options.Epochs, queued[0].Options.BatchSize));
    }

    private IRenderedComponent<NewRunForm> Render(BunitContext context, RunSummary? latest, int runNumber) =>
        context.Render<NewRunForm>(p => p
            .Add(x => x.Datasets, Datasets)
            .Add(x => x.Latest, latest)
            .Add(x => x.RunNumber, runNumber)
            .Add(x => x.MaxEpochs, 50)
            .Add(x => x.UserId, "u")
            .Add(x => x.WorkspaceId, Guid.NewGuid())
            .Add(x => x.Train, request =>
            {
                queued.Add(request);
                return Task.FromResult<IReadOnlyList<string>>([]);
            }));

    private static RunSummary Run(TrainingOptions options, int? maxImages) => new(Guid.NewGuid(), "Earlier", RunStatus.Completed, LabDatasets.FashionMnist, "Ada",
        DateTimeOffset.UtcNow, null, null, 1, options.Epochs, 0, 0, 1, null, null, null, null, null, 693_962, 1_776_384, 1000, options, ModelSpec.DefaultCnn.ToJson(),
        null, null, 0, maxImages);
}
