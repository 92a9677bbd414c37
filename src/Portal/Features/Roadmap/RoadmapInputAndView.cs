using Portal.Features.Kpis;

namespace Portal.Features.Roadmap;

/// <summary>A milestone as a form sends it; <paramref name="KpiIds"/> are KPIs of the same workspace its definition of done names.</summary>
public sealed record MilestoneInput(string Title, DateOnly? DueOn, string DefinitionOfDone, IReadOnlyList<Guid> KpiIds);

/// <summary>
/// A task as a form sends it. Every link is optional and must name an item of the same workspace; the assignee must be
/// one of its members. <paramref name="Source"/> is set only by an import.
/// </summary>
public sealed record RoadmapTaskInput(
    string Title,
    string Description,
    string? AssigneeId,
    DateOnly? StartOn,
    DateOnly? DueOn,
    double? EstimateDays,
    RoadmapTaskStatus Status,
    Guid? MilestoneId,
    Guid? RequirementId,
    Guid? RiskId,
    Guid? KpiId,
    string? Source = null)
{
    public static RoadmapTaskInput Named(string title, RoadmapTaskStatus status = RoadmapTaskStatus.ToDo) =>
        new(title, "", null, null, null, null, status, null, null, null, null);
}

/// <summary>A KPI a milestone names, with the status the KPI tool gives it today.</summary>
public sealed record MilestoneKpiView(Guid KpiId, string Name, KpiStatus Status);

/// <summary>A milestone with its progress from its tasks and whether it is reached (see <see cref="RoadmapProgress"/>).</summary>
public sealed record MilestoneView(
    Guid Id,
    string Title,
    DateOnly DueOn,
    string DefinitionOfDone,
    IReadOnlyList<MilestoneKpiView> Kpis,
    int TasksDone,
    int TasksTotal,
    double Progress,
    DateTimeOffset? ReachedAt,
    Guid Version,
    DateTimeOffset CreatedAt)
{
    public bool Reached => ReachedAt is not null;

    public MilestoneInput ToInput() => new(Title, DueOn, DefinitionOfDone, [.. Kpis.Select(k => k.KpiId)]);
}

/// <summary>A task on the board.</summary>
public sealed record RoadmapTaskView(
    Guid Id,
    string Title,
    string Description,
    string? AssigneeId,
    string? AssigneeName,
    DateOnly? StartOn,
    DateOnly? DueOn,
    double? EstimateDays,
    RoadmapTaskStatus Status,
    int Position,
    Guid? MilestoneId,
    Guid? RequirementId,
    Guid? RiskId,
    Guid? KpiId,
    string? Source,
    DateTimeOffset? CompletedAt,
    Guid Version,
    DateTimeOffset CreatedAt)
{
    /// <summary>Due before <paramref name="today"/> and not done.</summary>
    public bool IsOverdue(DateOnly today) => Status != RoadmapTaskStatus.Done && DueOn is { } due && due < today;

    public RoadmapTaskInput ToInput() =>
        new(Title, Description, AssigneeId, StartOn, DueOn, EstimateDays, Status, MilestoneId, RequirementId, RiskId, KpiId, Source);
}

/// <summary>Something a task or milestone may be linked to, offered in a form.</summary>
public sealed record RoadmapChoice(Guid Id, string Name);

/// <summary>A workspace member a task may be assigned to.</summary>
public sealed record RoadmapMember(string Id, string Name);

/// <summary>The whole roadmap of a workspace as its page shows it, with what its forms offer.</summary>
public sealed record RoadmapView(
    IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<RoadmapTaskView> Tasks,
    IReadOnlyList<RoadmapMember> Members,
    IReadOnlyList<RoadmapChoice> Requirements,
    IReadOnlyList<RoadmapChoice> Risks,
    IReadOnlyList<RoadmapChoice> Kpis,
    DateOnly Today);

/// <summary>What a change carries to open pages: the tasks and milestones with their new versions, and the ids removed.</summary>
public sealed record RoadmapChanges(IReadOnlyList<RoadmapTaskView> Tasks, IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<Guid> Removed);
