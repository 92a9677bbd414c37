namespace Portal.Features.Decisions;

/// <summary>An option as a page sends it. An id the decision does not have yet marks a new option; it only links its scores.</summary>
public sealed record OptionInput(Guid Id, string Name, string Note = "");

/// <summary>A criterion: a suggested one by <paramref name="Code"/> (its name is then ignored), the team's own by <paramref name="Name"/>.</summary>
public sealed record CriterionInput(Guid Id, string? Code, string Name, int Weight);

/// <summary>A score of an option on a criterion, both named by their ids in the same input.</summary>
public sealed record ScoreInput(Guid OptionId, Guid CriterionId, int Value, string Note = "");

/// <summary>The whole matrix of a question, saved at once: lists in the order the page shows them.</summary>
public sealed record DecisionInput(string Question, IReadOnlyList<OptionInput> Options, IReadOnlyList<CriterionInput> Criteria, IReadOnlyList<ScoreInput> Scores)
{
    /// <summary>A new question with the outline's criteria (performance, scalability, ecosystem support) at equal weights.</summary>
    public static DecisionInput NewQuestion(string question) =>
        new(question, [], [.. DecisionCriteria.Outline.Select(code => new CriterionInput(Guid.NewGuid(), code, "", DecisionCriterion.DefaultWeight))], []);
}

/// <summary>
/// The decision record. <see cref="DecisionStatus.Superseded"/> is set only by superseding; sent for a decision that is
/// superseded already, it keeps the link, and any other status clears it.
/// </summary>
public sealed record DecisionRecordInput(string Context, Guid? ChosenOptionId, string Consequences, DateOnly? DecidedOn, DecisionStatus Status);

public sealed record DecisionOptionView(Guid Id, string Name, string Note);

/// <summary>A criterion as pages show it: by <see cref="Code"/> through <c>Decision.Criterion.{Code}</c> when set, else by <see cref="Name"/>.</summary>
public sealed record DecisionCriterionView(Guid Id, string? Code, string Name, int Weight);

public sealed record DecisionScoreView(Guid OptionId, Guid CriterionId, int Value, string Note);

/// <summary>A question with its matrix and record, as events and conflicts carry it; <see cref="DecisionMatrix.Of(DecisionView)"/> ranks it.</summary>
public sealed record DecisionView(
    Guid Id,
    string Question,
    IReadOnlyList<DecisionOptionView> Options,
    IReadOnlyList<DecisionCriterionView> Criteria,
    IReadOnlyList<DecisionScoreView> Scores,
    string Context,
    Guid? ChosenOptionId,
    string Consequences,
    DateOnly? DecidedOn,
    DecisionStatus Status,
    Guid? SupersededById,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public DecisionInput ToInput() => new(
        Question,
        [.. Options.Select(o => new OptionInput(o.Id, o.Name, o.Note))],
        [.. Criteria.Select(c => new CriterionInput(c.Id, c.Code, c.Name, c.Weight))],
        [.. Scores.Select(s => new ScoreInput(s.OptionId, s.CriterionId, s.Value, s.Note))]);

    public DecisionRecordInput ToRecordInput() => new(Context, ChosenOptionId, Consequences, DecidedOn, Status);

    internal static DecisionView Of(Decision d) => new(
        d.Id,
        d.Question,
        [.. d.Options.OrderBy(o => o.Position).Select(o => new DecisionOptionView(o.Id, o.Name, o.Note))],
        [.. d.Criteria.OrderBy(c => c.Position).Select(c => new DecisionCriterionView(c.Id, c.Code, c.Name, c.Weight))],
        [.. d.Scores
            .OrderBy(s => d.Options.Find(o => o.Id == s.OptionId)?.Position)
            .ThenBy(s => d.Criteria.Find(c => c.Id == s.CriterionId)?.Position)
            .Select(s => new DecisionScoreView(s.OptionId, s.CriterionId, s.Value, s.Note))],
        d.Context,
        d.ChosenOptionId,
        d.Consequences,
        d.DecidedOn,
        d.Status,
        d.SupersededById,
        d.Version,
        d.CreatedAt,
        d.UpdatedAt);
}
