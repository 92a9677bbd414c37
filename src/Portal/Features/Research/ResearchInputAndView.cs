namespace Portal.Features.Research;

/// <summary>An interview as a page sends it; the segment is free text, usually one the canvas offers.</summary>
public sealed record InterviewInput(string Segment, string Role, string Person, DateOnly HeldOn, InterviewMethod Method, string Notes);

/// <summary>An insight as a page sends it: the interviews it rests on by id, each of the same workspace.</summary>
public sealed record InsightInput(string Statement, string Tags, IReadOnlyList<Guid> InterviewIds)
{
    /// <summary>Same values, the interviews compared as a set (records compare lists by reference).</summary>
    public bool SameAs(InsightInput other) =>
        Statement == other.Statement && Tags == other.Tags && InterviewIds.ToHashSet().SetEquals(other.InterviewIds);
}

/// <summary>A requirement as a page sends it: the insights that justify it and, optionally, a Value Propositions note.</summary>
public sealed record RequirementInput(
    string Title,
    RequirementKind Kind,
    RequirementPriority Priority,
    string AcceptanceCriteria,
    RequirementStatus Status,
    IReadOnlyList<Guid> InsightIds,
    Guid? CanvasNoteId)
{
    public bool SameAs(RequirementInput other) =>
        Title == other.Title && Kind == other.Kind && Priority == other.Priority && AcceptanceCriteria == other.AcceptanceCriteria
        && Status == other.Status && CanvasNoteId == other.CanvasNoteId && InsightIds.ToHashSet().SetEquals(other.InsightIds);
}

public sealed record InterviewView(
    Guid Id,
    string Segment,
    string Role,
    string Person,
    DateOnly HeldOn,
    InterviewMethod Method,
    string Notes,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public InterviewInput ToInput() => new(Segment, Role, Person, HeldOn, Method, Notes);

    internal static InterviewView Of(Interview i) => new(i.Id, i.Segment, i.Role, i.Person, i.HeldOn, i.Method, i.Notes, i.Version, i.CreatedAt, i.UpdatedAt);
}

/// <summary>An insight with the interviews behind it; fewer than <see cref="Insight.StrongEvidenceCount"/> makes it weak.</summary>
public sealed record InsightView(Guid Id, string Statement, string Tags, IReadOnlyList<Guid> InterviewIds, Guid Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public int EvidenceCount => InterviewIds.Count;

    public bool IsWeak => EvidenceCount < Insight.StrongEvidenceCount;

    public IReadOnlyList<string> TagList => ResearchChecks.SplitTags(Tags);

    public InsightInput ToInput() => new(Statement, Tags, InterviewIds);

    internal static InsightView Of(Insight i) =>
        new(i.Id, i.Statement, i.Tags, [.. i.Evidence.Select(e => e.InterviewId).Order()], i.Version, i.CreatedAt, i.UpdatedAt);
}

/// <summary>A requirement with the insights behind it; none at all flags it "no evidence".</summary>
public sealed record RequirementView(
    Guid Id,
    string Title,
    RequirementKind Kind,
    RequirementPriority Priority,
    string AcceptanceCriteria,
    RequirementStatus Status,
    IReadOnlyList<Guid> InsightIds,
    Guid? CanvasNoteId,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool HasNoEvidence => InsightIds.Count == 0;

    public RequirementInput ToInput() => new(Title, Kind, Priority, AcceptanceCriteria, Status, InsightIds, CanvasNoteId);

    internal static RequirementView Of(Requirement r) => new(
        r.Id, r.Title, r.Kind, r.Priority, r.AcceptanceCriteria, r.Status, [.. r.Insights.Select(e => e.InsightId).Order()], r.CanvasNoteId, r.Version, r.CreatedAt, r.UpdatedAt);
}

/// <summary>A Value Propositions note of the canvas a requirement may name.</summary>
public sealed record ValuePropositionView(Guid NoteId, string Text);

/// <summary>Everything the research page shows: interviews newest first, insights and requirements in the order made.</summary>
public sealed record ResearchView(IReadOnlyList<InterviewView> Interviews, IReadOnlyList<InsightView> Insights, IReadOnlyList<RequirementView> Requirements)
{
    public static readonly ResearchView Empty = new([], [], []);
}
