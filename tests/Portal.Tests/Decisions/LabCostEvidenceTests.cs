using Portal.Features.Decisions;
using Portal.Features.ModelLab;
using Portal.ModelLab.Costs;
using Portal.ModelLab.Training;

namespace Portal.Tests.Decisions;

public sealed class LabCostEvidenceTests
{
    private static RunSummary Run(string name, RunStatus status = RunStatus.Completed, double? inferPerSecond = 2000) => new(
        Guid.NewGuid(), name, status, "fashion-mnist", "Ada", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        3, 3, 100, 100, 1, null, 500, inferPerSecond, 0.9, 0.3, 100_000, 2_000_000, 60_000, new TrainingOptions(), "{}", null, null, 120, null);

    [Theory]
    [InlineData(10, 10, 5)]
    [InlineData(12.5, 10, 4)] // 4.0
    [InlineData(13, 10, 4)] // 3.85
    [InlineData(20, 10, 3)] // 2.5, rounded up
    [InlineData(30, 10, 2)] // 1.67
    [InlineData(50, 10, 1)]
    [InlineData(500, 10, 1)] // 0.1, at least 1
    [InlineData(0, 0, 5)]
    public void The_cheapest_scores_five_and_the_rest_in_proportion(double cost, double cheapest, int expected) =>
        Assert.Equal(expected, LabCostEvidence.Score(cost, cheapest));

    [Fact]
    public void A_finished_run_is_priced_on_the_cheapest_hardware_the_lab_compares_and_an_unfinished_one_not_at_all()
    {
        var run = Run("Small CNN");
        var report = CostReport.Create(run.ForwardFlopsPerSample, run.TrainSamplesPerSecond!.Value, run.InferSamplesPerSecond!.Value, run.TrainSamples, run.Epochs,
            HardwareCatalog.ThisServerDefaultHourlyPriceUsd, HardwareCatalog.DefaultGpus, LabCostEvidence.RequestsPerMonth);

        var figure = LabCostEvidence.Of(run);

        Assert.NotNull(figure);
        Assert.Equal(report.MonthlyInference.Min(e => e.CostUsd), figure.MonthlyServingUsd);
        Assert.Equal(report.MonthlyInference.MinBy(e => e.CostUsd)!.Hardware, figure.ServingHardware);
        Assert.Equal(report.ServerTraining.CostUsd, figure.TrainingUsd);
        Assert.Null(LabCostEvidence.Of(Run("Still training", RunStatus.Running)));
        Assert.Null(LabCostEvidence.Of(Run("Failed", RunStatus.Failed)));
        Assert.Null(LabCostEvidence.Of(Run("Never measured", inferPerSecond: null)));
    }

    [Fact]
    public void Applying_fills_the_cost_column_for_the_options_given_a_run_and_leaves_every_other_cell()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (performance, cost) = (Guid.NewGuid(), Guid.NewGuid());
        var edit = DecisionEdit.Of(new DecisionView(
            Guid.NewGuid(), "Which model?", [new(a, "A", ""), new(b, "B", ""), new(c, "C", "")],
            [new(performance, DecisionCriteria.Performance, "", 50), new(cost, DecisionCriteria.Cost, "", 30)],
            [new(a, performance, 5, ""), new(c, cost, 2, "our guess")],
            "", null, "", null, DecisionStatus.Proposed, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        var cheap = new LabCostFigure(Guid.NewGuid(), "A", 40, "T4", 1);
        var dear = new LabCostFigure(Guid.NewGuid(), "B", 100, "T4", 2);

        LabCostEvidence.Apply(edit, cost, new Dictionary<Guid, LabCostFigure> { [a] = cheap, [b] = dear }, f => $"{f.RunName} costs {f.MonthlyServingUsd} " + new string('x', 300));

        Assert.Equal(5, edit.Cell(a, cost).Value);
        Assert.Equal(2, edit.Cell(b, cost).Value); // 5 × 40 / 100 = 2
        Assert.StartsWith("B costs 100 ", edit.Cell(b, cost).Note, StringComparison.Ordinal);
        Assert.Equal(DecisionScore.NoteMaxLength, edit.Cell(b, cost).Note.Length);
        Assert.Equal((2, "our guess"), (edit.Cell(c, cost).Value, edit.Cell(c, cost).Note));
        Assert.Equal(5, edit.Cell(a, performance).Value);
        Assert.True(edit.IsDirty);
    }
}
