using System.Globalization;
using System.Text.Json;
using Bunit;
using Portal.Features.ModelLab;
using Portal.ModelLab.Evaluation;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

public sealed class RunResultsPanelTests : IDisposable
{
    private static readonly string[] Classes = ["T-shirt/top", "Trouser"];
    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public RunResultsPanelTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Fact]
    public async Task Selecting_another_run_draws_that_runs_confusion_matrix()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var first = Run("First");
        var second = Run("Second");
        var panel = context.Render<RunResultsPanel>(p => p
            .Add(x => x.Run, first).Add(x => x.Evaluation, Evaluation([[7, 1], [2, 9]])).Add(x => x.UserId, "u").Add(x => x.WorkspaceId, Guid.NewGuid()));

        panel.Render(p => p.Add(x => x.Run, second).Add(x => x.Evaluation, Evaluation([[40, 3], [5, 31]])));

        // Plotly.Blazor draws a chart with newPlot when it first renders and never again on new parameters.
        var drawn = context.JSInterop.Invocations.Where(i => i.Identifier == "newPlot").Select(i => JsonSerializer.Serialize(i.Arguments)).ToList();
        Assert.Equal(2, drawn.Count);
        Assert.Contains("[7,1]", drawn[0], StringComparison.Ordinal);
        Assert.Contains("[40,3]", drawn[1], StringComparison.Ordinal);
    }

    private static RunSummary Run(string name) => new(Guid.NewGuid(), name, RunStatus.Completed, "fashion-mnist", "Ada", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow, 1, 1, 10, 10, 1, 0, 100, 100, 0.8, 0.5, 693_962, 1_776_384, 1000, new TrainingOptions(), ModelSpec.DefaultCnn.ToJson(), null, null, 60, null);

    private static RunEvaluation Evaluation(int[][] matrix) => new(
        new EvaluationResult(0.8, 0.5, matrix, [new ClassScore(0, Classes[0], 0.8, 0.8, 8), new ClassScore(1, Classes[1], 0.8, 0.8, 11)], [new ConfusedPair(1, 0, 2)], []),
        Classes);
}
