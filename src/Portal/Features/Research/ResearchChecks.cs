using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>The checks every save of an interview, insight or requirement passes, each problem on its own field.</summary>
internal static class ResearchChecks
{
    /// <summary>Tags as a list: split at commas, trimmed, empty and repeated ones dropped.</summary>
    public static IReadOnlyList<string> SplitTags(string? tags) =>
        [.. (tags ?? "").Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.CurrentCultureIgnoreCase)];

    /// <param name="today">The server's date: an interview is recorded once held, so a later date is refused (a day's slack for time zones).</param>
    public static InterviewInput Interview(InterviewInput input, DateOnly today)
    {
        var checks = new InputChecks();
        var segment = checks.Text(nameof(input.Segment), input.Segment, Research.Interview.SegmentMaxLength);
        var role = checks.Text(nameof(input.Role), input.Role, Research.Interview.RoleMaxLength);
        var person = checks.Text(nameof(input.Person), input.Person, Research.Interview.PersonMaxLength, required: true);
        // Markdown keeps its leading indentation; only trailing space goes.
        var notes = (input.Notes ?? "").TrimEnd();
        checks.Expect(notes.Length <= Research.Interview.NotesMaxLength, nameof(input.Notes), "Validation.TooLong", Research.Interview.NotesMaxLength);
        checks.Expect(input.HeldOn != default, nameof(input.HeldOn), "Validation.RequiredField");
        checks.Expect(input.HeldOn == default || input.HeldOn <= today.AddDays(1), nameof(input.HeldOn), "Research.Error.FutureDate");
        checks.Expect(Enum.IsDefined(input.Method), nameof(input.Method), "Validation.RequiredField");
        checks.ThrowIfAny();
        return new InterviewInput(segment, role, person, input.HeldOn, input.Method, notes);
    }

    /// <param name="interviewIds">The workspace's interviews.</param>
    public static InsightInput Insight(InsightInput input, IReadOnlySet<Guid> interviewIds)
    {
        var checks = new InputChecks();
        var statement = checks.Text(nameof(input.Statement), input.Statement, Research.Insight.StatementMaxLength, required: true);
        var tags = string.Join(", ", SplitTags(input.Tags));
        checks.Expect(tags.Length <= Research.Insight.TagsMaxLength, nameof(input.Tags), "Validation.TooLong", Research.Insight.TagsMaxLength);
        var evidence = (input.InterviewIds ?? []).Distinct().ToList();
        checks.Expect(evidence.Count > 0, nameof(input.InterviewIds), "Research.Error.NoEvidence");
        checks.Expect(evidence.All(interviewIds.Contains), nameof(input.InterviewIds), "Research.Error.UnknownInterview");
        checks.ThrowIfAny();
        return new InsightInput(statement, tags, evidence);
    }

    /// <param name="insightIds">The workspace's insights.</param>
    /// <param name="valuePropositionIds">The workspace's Value Propositions notes that are not deleted.</param>
    public static RequirementInput Requirement(RequirementInput input, IReadOnlySet<Guid> insightIds, IReadOnlySet<Guid> valuePropositionIds)
    {
        var checks = new InputChecks();
        var title = checks.Text(nameof(input.Title), input.Title, Research.Requirement.TitleMaxLength, required: true);
        var criteria = checks.Text(nameof(input.AcceptanceCriteria), input.AcceptanceCriteria, Research.Requirement.CriteriaMaxLength);
        checks.Expect(Enum.IsDefined(input.Kind), nameof(input.Kind), "Validation.RequiredField");
        checks.Expect(Enum.IsDefined(input.Priority), nameof(input.Priority), "Validation.RequiredField");
        checks.Expect(Enum.IsDefined(input.Status), nameof(input.Status), "Validation.RequiredField");
        var insights = (input.InsightIds ?? []).Distinct().ToList();
        checks.Expect(insights.All(insightIds.Contains), nameof(input.InsightIds), "Research.Error.UnknownInsight");
        checks.Expect(input.CanvasNoteId is not { } note || valuePropositionIds.Contains(note), nameof(input.CanvasNoteId), "Research.Error.NotAValueProposition");
        checks.ThrowIfAny();
        return input with { Title = title, AcceptanceCriteria = criteria, InsightIds = insights };
    }
}
