using System.Globalization;
using System.Text.Json;
using Bunit;
using Portal.Features.ModelLab;
using Portal.ModelLab.Data;
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

    [Fact]
    public async Task In_chinese_fashion_mnist_classes_and_the_charts_axis_read_in_chinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var context = PortalComponentTestContext.Create(out _);
        var matrix = Enumerable.Range(0, 10).Select(row => Enumerable.Range(0, 10).Select(column => row == column ? 9 : 0).ToArray()).ToArray();
        var evaluation = new RunEvaluation(
            new EvaluationResult(0.9, 0.3, matrix, [.. LabelledImageSet.FashionMnistClasses.Select((name, i) => new ClassScore(i, name, 0.9, 0.9, 9))], [new ConfusedPair(6, 0, 3)], []),
            LabelledImageSet.FashionMnistClasses);

        var panel = context.Render<RunResultsPanel>(p => p
            .Add(x => x.Run, Run("中文")).Add(x => x.Evaluation, evaluation).Add(x => x.UserId, "u").Add(x => x.WorkspaceId, Guid.NewGuid()));
        var charts = context.Render<RunCharts>(p => p.Add(x => x.Metrics, [new MetricPoint(1, 1, 10, 1, 0.5, 0.8, 0.4, 0.85, 1000)]));

        Assert.Equal(["T恤/上衣", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"],
            panel.FindAll("[data-testid=lab-class-scores] tbody tr td:first-child").Select(cell => cell.TextContent));
        Assert.Contains("衬衫 被认成 T恤/上衣：3 次", panel.Markup, StringComparison.Ordinal);
        var drawn = context.JSInterop.Invocations.Where(i => i.Identifier == "newPlot").Select(i => JsonSerializer.Serialize(i.Arguments, Unescaped)).ToList();
        Assert.Contains(drawn, json => json.Contains("\"短靴\"", StringComparison.Ordinal));
        Assert.Contains(drawn, json => json.Contains("轮次", StringComparison.Ordinal));
        Assert.DoesNotContain(drawn, json => json.Contains("Ankle boot", StringComparison.Ordinal) || json.Contains("\"epoch\"", StringComparison.Ordinal));
    }

    [Fact]
    public void An_uploaded_sets_class_names_are_shown_as_given()
    {
        IReadOnlyList<string> digits = [.. Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        var localizer = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions { ResourcesPath = "Resources" }),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Create(typeof(LabText));

        Assert.Same(digits, LabFormat.ClassNames(localizer, digits));
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static RunSummary Run(string name) => new(Guid.NewGuid(), name, RunStatus.Completed, "fashion-mnist", "Ada", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow, 1, 1, 10, 10, 1, 0, 100, 100, 0.8, 0.5, 693_962, 1_776_384, 1000, new TrainingOptions(), ModelSpec.DefaultCnn.ToJson(), null, null, 60, null);

    private static RunEvaluation Evaluation(int[][] matrix) => new(
        new EvaluationResult(0.8, 0.5, matrix, [new ClassScore(0, Classes[0], 0.8, 0.8, 8), new ClassScore(1, Classes[1], 0.8, 0.8, 11)], [new ConfusedPair(1, 0, 2)], []),
        Classes);
}
