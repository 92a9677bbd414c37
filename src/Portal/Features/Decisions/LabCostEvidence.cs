using Portal.Features.ModelLab;
using Portal.ModelLab.Costs;

namespace Portal.Features.Decisions;

/// <summary>
/// A finished run's cost as evidence for a decision's cost criterion: serving a million requests a month on the cheapest
/// hardware the lab compares (this server or a rented GPU), and one training run on this server. The lab's own defaults,
/// so that every option is priced the same way.
/// </summary>
public sealed record LabCostFigure(Guid RunId, string RunName, double MonthlyServingUsd, string ServingHardware, double TrainingUsd);

public static class LabCostEvidence
{
    public const long RequestsPerMonth = 1_000_000;

    /// <summary>The run's figures, or none for a run that has not finished with measured speeds.</summary>
    public static LabCostFigure? Of(RunSummary run)
    {
        if (run.Status != RunStatus.Completed || run.TrainSamplesPerSecond is not > 0 || run.InferSamplesPerSecond is not > 0 || run.ForwardFlopsPerSample <= 0)
        {
            return null;
        }

        var report = CostReport.Create(run.ForwardFlopsPerSample, run.TrainSamplesPerSecond.Value, run.InferSamplesPerSecond.Value, run.TrainSamples, run.Epochs,
            HardwareCatalog.ThisServerDefaultHourlyPriceUsd, HardwareCatalog.DefaultGpus, RequestsPerMonth);
        var cheapest = report.MonthlyInference.MinBy(e => e.CostUsd)!;
        return new LabCostFigure(run.Id, run.Name, cheapest.CostUsd, cheapest.Hardware, report.ServerTraining.CostUsd);
    }

    /// <summary>
    /// A cost score from 1 to 5: the cheapest option gets 5, and each other 5 × cheapest ÷ its own, rounded, at least 1
    /// — twice the cost scores 3 (2.5 rounded up), five times or more scores 1.
    /// </summary>
    public static int Score(double cost, double cheapest) =>
        cost <= 0 || cheapest >= cost
            ? DecisionScore.Max
            : (int)Math.Clamp(Math.Round(DecisionScore.Max * cheapest / cost, MidpointRounding.AwayFromZero), DecisionScore.Min, DecisionScore.Max);

    /// <summary>
    /// Writes the cost criterion's score and note for each option given a run, scored against the cheapest of them;
    /// other options and criteria keep what the user entered. Nothing is stored until the user saves the matrix.
    /// </summary>
    public static void Apply(DecisionEdit edit, Guid costCriterionId, IReadOnlyDictionary<Guid, LabCostFigure> runByOption, Func<LabCostFigure, string> note)
    {
        if (runByOption.Count == 0)
        {
            return;
        }

        var cheapest = runByOption.Values.Min(f => f.MonthlyServingUsd);
        foreach (var (optionId, figure) in runByOption)
        {
            var cell = edit.Cell(optionId, costCriterionId);
            cell.Value = Score(figure.MonthlyServingUsd, cheapest);
            var text = note(figure);
            cell.Note = text.Length > DecisionScore.NoteMaxLength ? text[..DecisionScore.NoteMaxLength] : text;
        }
    }
}
