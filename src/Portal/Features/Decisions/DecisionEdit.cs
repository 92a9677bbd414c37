using System.Text.Json;

namespace Portal.Features.Decisions;

/// <summary>
/// The matrix of the question on screen as the user is changing it: question, options, criteria with weights and the
/// scores. The page keeps this object; someone else's save of the matrix sets <see cref="Theirs"/> and never touches the
/// user's values (see <see cref="Apply"/>), as the risk form's <c>RiskEdit</c> does.
/// </summary>
public sealed class DecisionEdit
{
    private readonly Dictionary<(Guid OptionId, Guid CriterionId), ScoreCell> cells = [];

    private DecisionEdit(DecisionView decision)
    {
        Base = decision;
        Question = decision.Question;
        Options = [.. decision.Options.Select(o => new OptionRow(o.Id) { Name = o.Name, Note = o.Note })];
        Criteria = [.. decision.Criteria.Select(c => new CriterionRow(c.Id, c.Code) { Name = c.Name, Weight = c.Weight })];
        foreach (var score in decision.Scores)
        {
            cells[(score.OptionId, score.CriterionId)] = new ScoreCell { Value = score.Value, Note = score.Note };
        }
    }

    public Guid DecisionId => Base.Id;

    /// <summary>The version the user's values started from: saving expects it to be still current.</summary>
    public DecisionView Base { get; private set; }

    public string Question { get; set => field = value ?? ""; }

    public List<OptionRow> Options { get; }

    public List<CriterionRow> Criteria { get; }

    /// <summary>A newer matrix someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public DecisionView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>, false when it arrived live.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone deleted the decision while the user was editing it.</summary>
    public bool Deleted { get; set; }

    /// <summary>The user changed something since <see cref="Base"/>.</summary>
    public bool IsDirty => Signature(ToInput()) != Signature(Base.ToInput());

    public static DecisionEdit Of(DecisionView decision) => new(decision);

    public ScoreCell Cell(Guid optionId, Guid criterionId)
    {
        if (!cells.TryGetValue((optionId, criterionId), out var cell))
        {
            cell = new ScoreCell();
            cells[(optionId, criterionId)] = cell;
        }

        return cell;
    }

    /// <summary>A new option; its made-up id only links its scores until the service gives it its own.</summary>
    public void AddOption(string name) => Options.Add(new OptionRow(Guid.NewGuid()) { Name = name });

    public void AddCriterion(string? code, string name) => Criteria.Add(new CriterionRow(Guid.NewGuid(), code) { Name = name, Weight = DecisionCriterion.DefaultWeight });

    public void RemoveOption(OptionRow option) => Options.Remove(option);

    public void RemoveCriterion(CriterionRow criterion) => Criteria.Remove(criterion);

    /// <summary>
    /// Takes note of another version of the decision, saved by anyone. The matrix unchanged (only the record moved on):
    /// the user's values stay on the new version. Changed: without edits the editor shows it (a new editor is returned),
    /// with edits it stands beside them as <see cref="Theirs"/>.
    /// </summary>
    public DecisionEdit Apply(DecisionView current)
    {
        if (current.Id != DecisionId || current.Version == Base.Version || current.Version == Theirs?.Version)
        {
            return this;
        }

        var theirs = Signature(current.ToInput());
        if (theirs == Signature(Base.ToInput()) || theirs == Signature(ToInput()))
        {
            Base = current;
            return this;
        }

        if (!IsDirty)
        {
            return Of(current);
        }

        Theirs = current;
        Refused = false;
        return this;
    }

    /// <summary>The user's values as a save sends them, rows in the order shown; an empty cell is no score.</summary>
    public DecisionInput ToInput() => new(
        Question,
        [.. Options.Select(o => new OptionInput(o.Id, o.Name, o.Note))],
        [.. Criteria.Select(c => new CriterionInput(c.Id, c.Code, c.Name, c.Weight))],
        [.. Scores().Select(s => new ScoreInput(s.OptionId, s.CriterionId, s.Value, s.Note))]);

    /// <summary>The ranking of the values on screen, saved or not.</summary>
    public DecisionMatrix Matrix() => DecisionMatrix.Of(
        [.. Options.Select(o => new DecisionOptionView(o.Id, o.Name, o.Note))],
        [.. Criteria.Select(c => new DecisionCriterionView(c.Id, c.Code, c.Name, c.Weight))],
        [.. Scores()]);

    /// <summary>The input's scores in the order a save sends them, so <c>Scores[i]</c> in an error names the cell.</summary>
    public IEnumerable<DecisionScoreView> Scores() =>
        from option in Options
        from criterion in Criteria
        let cell = cells.GetValueOrDefault((option.Id, criterion.Id))
        where cell?.Value is not null
        select new DecisionScoreView(option.Id, criterion.Id, cell.Value!.Value, cell.Note); // Value checked just above.

    private static string Signature(DecisionInput input) => JsonSerializer.Serialize(input);

    public sealed class OptionRow(Guid id)
    {
        public Guid Id { get; } = id;

        public string Name { get; set => field = value ?? ""; } = "";

        public string Note { get; set => field = value ?? ""; } = "";
    }

    public sealed class CriterionRow(Guid id, string? code)
    {
        public Guid Id { get; } = id;

        /// <summary>A suggested criterion's code (its name comes from the texts), or null for the team's own.</summary>
        public string? Code { get; } = code;

        public string Name { get; set => field = value ?? ""; } = "";

        public int Weight { get; set; }
    }

    public sealed class ScoreCell
    {
        public int? Value { get; set; }

        public string Note { get; set => field = value ?? ""; } = "";
    }
}
