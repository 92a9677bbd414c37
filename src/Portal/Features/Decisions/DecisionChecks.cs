using Portal.Infrastructure;

namespace Portal.Features.Decisions;

/// <summary>
/// The checks every save of a decision passes. Each problem is reported on its own field, list items by position
/// (<c>Options[2].Name</c>, <c>Criteria[0].Weight</c>, <c>Scores[5].Value</c>), so a page can mark the very cell.
/// </summary>
internal static class DecisionChecks
{
    /// <summary>Returns the input trimmed; a criterion given by code keeps no name.</summary>
    /// <param name="chosenOptionId">The option the record chose, which the matrix may not drop.</param>
    public static DecisionInput Matrix(DecisionInput input, Guid? chosenOptionId)
    {
        var checks = new InputChecks();
        var question = checks.Text(nameof(input.Question), input.Question, Decision.QuestionMaxLength, required: true);
        checks.Expect(input.Options.Count <= Decision.MaxOptions, nameof(input.Options), "Decision.Error.TooManyOptions", Decision.MaxOptions);
        checks.Expect(input.Criteria.Count <= Decision.MaxCriteria, nameof(input.Criteria), "Decision.Error.TooManyCriteria", Decision.MaxCriteria);

        List<OptionInput> options = [.. input.Options.Select((o, i) => o with
        {
            Name = checks.Text($"Options[{i}].Name", o.Name, DecisionOption.NameMaxLength, required: true),
            Note = checks.Text($"Options[{i}].Note", o.Note, DecisionOption.NoteMaxLength),
        })];
        Distinct(checks, "Options", options, o => o.Id, o => o.Name, "Name", "Decision.Error.DuplicateOption");

        List<CriterionInput> criteria = [.. input.Criteria.Select((c, i) =>
        {
            checks.Expect(c.Code is null || DecisionCriteria.Suggested.Contains(c.Code), $"Criteria[{i}].Code", "Decision.Error.UnknownCriterion");
            checks.Expect(c.Weight is >= 0 and <= DecisionCriterion.MaxWeight, $"Criteria[{i}].Weight", "Decision.Error.Weight", DecisionCriterion.MaxWeight);
            return c with { Name = c.Code is null ? checks.Text($"Criteria[{i}].Name", c.Name, DecisionCriterion.NameMaxLength, required: true) : "" };
        })];
        Distinct(checks, "Criteria", criteria, c => c.Id, c => c.Code ?? c.Name, "Name", "Decision.Error.DuplicateCriterion");

        var optionIds = options.Select(o => o.Id).ToHashSet();
        var criterionIds = criteria.Select(c => c.Id).ToHashSet();
        var pairs = new HashSet<(Guid, Guid)>();
        List<ScoreInput> scores = [.. input.Scores.Select((s, i) =>
        {
            checks.Expect(optionIds.Contains(s.OptionId) && criterionIds.Contains(s.CriterionId), $"Scores[{i}]", "Decision.Error.ScoreTarget");
            checks.Expect(pairs.Add((s.OptionId, s.CriterionId)), $"Scores[{i}]", "Decision.Error.DuplicateScore");
            checks.Expect(s.Value is >= DecisionScore.Min and <= DecisionScore.Max, $"Scores[{i}].Value", "Decision.Error.Score");
            return s with { Note = checks.Text($"Scores[{i}].Note", s.Note, DecisionScore.NoteMaxLength) };
        })];

        // The record names the chosen option: dropping it would leave a choice of nothing.
        checks.Expect(chosenOptionId is not { } chosen || optionIds.Contains(chosen), nameof(input.Options), "Decision.Error.ChosenRemoved");
        checks.ThrowIfAny();
        return new DecisionInput(question, options, criteria, scores);
    }

    /// <summary>Returns the record trimmed.</summary>
    public static DecisionRecordInput Record(DecisionRecordInput input, IEnumerable<Guid> optionIds, DecisionStatus current)
    {
        var checks = new InputChecks();
        var context = checks.Text(nameof(input.Context), input.Context, Decision.TextMaxLength);
        var consequences = checks.Text(nameof(input.Consequences), input.Consequences, Decision.TextMaxLength);
        checks.Expect(Enum.IsDefined(input.Status), nameof(input.Status), "Validation.RequiredField");
        checks.Expect(input.Status != DecisionStatus.Superseded || current == DecisionStatus.Superseded, nameof(input.Status), "Decision.Error.SupersedeByLink");
        checks.Expect(input.ChosenOptionId is not { } chosen || optionIds.Contains(chosen), nameof(input.ChosenOptionId), "Decision.Error.ChoiceNotAnOption");
        // An accepted decision says what was chosen and when: that is what makes the list a history.
        checks.Expect(input.Status != DecisionStatus.Accepted || input.ChosenOptionId is not null, nameof(input.ChosenOptionId), "Decision.Error.ChoiceRequired");
        checks.Expect(input.Status != DecisionStatus.Accepted || input.DecidedOn is not null, nameof(input.DecidedOn), "Decision.Error.DateRequired");
        checks.ThrowIfAny();
        return input with { Context = context, Consequences = consequences };
    }

    /// <param name="successor">The decision that replaces <paramref name="decision"/>, if the workspace has it.</param>
    public static void Supersede(Decision decision, Decision? successor)
    {
        var checks = new InputChecks();
        checks.Expect(decision.Status == DecisionStatus.Accepted, nameof(decision.Status), "Decision.Error.SupersedeAccepted");
        // A superseded successor would send readers down a chain to a decision that no longer holds.
        checks.Expect(successor is not null && successor.Id != decision.Id && successor.Status != DecisionStatus.Superseded, nameof(decision.SupersededById), "Decision.Error.Successor");
        checks.ThrowIfAny();
    }

    /// <summary>Refuses a repeated id (a page's slip) and a repeated name, on the later of the two.</summary>
    private static void Distinct<T>(InputChecks checks, string list, IReadOnlyList<T> items, Func<T, Guid> id, Func<T, string> name, string nameField, string messageKey)
    {
        var ids = new HashSet<Guid>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            checks.Expect(ids.Add(id(items[i])), $"{list}[{i}]", "Decision.Error.DuplicateId");
            checks.Expect(name(items[i]).Length == 0 || names.Add(name(items[i])), $"{list}[{i}].{nameField}", messageKey);
        }
    }
}
