namespace Portal.Features.Roadmap;

/// <summary>
/// A task's form as the user is filling it. The page keeps this object; another save of the task never touches the
/// user's values but stands beside them as <see cref="Theirs"/> (see <see cref="Apply"/>), as the decisions' forms do.
/// A new task has no <see cref="Base"/>.
/// </summary>
public sealed class TaskEdit
{
    private TaskEdit(RoadmapTaskView? task, RoadmapTaskStatus status)
    {
        Base = task;
        var input = task?.ToInput() ?? RoadmapTaskInput.Named("", status);
        Title = input.Title;
        Description = input.Description;
        AssigneeId = input.AssigneeId;
        StartOn = input.StartOn?.ToDateTime(TimeOnly.MinValue);
        DueOn = input.DueOn?.ToDateTime(TimeOnly.MinValue);
        EstimateDays = input.EstimateDays;
        Status = input.Status;
        MilestoneId = input.MilestoneId;
        RequirementId = input.RequirementId;
        RiskId = input.RiskId;
        KpiId = input.KpiId;
    }

    public RoadmapTaskView? Base { get; private set; }

    public Guid? TaskId => Base?.Id;

    public string Title { get; set => field = value ?? ""; } = "";

    public string Description { get; set => field = value ?? ""; } = "";

    public string? AssigneeId { get; set; }

    public DateTime? StartOn { get; set; }

    public DateTime? DueOn { get; set; }

    public double? EstimateDays { get; set; }

    public RoadmapTaskStatus Status { get; set; }

    public Guid? MilestoneId { get; set; }

    public Guid? RequirementId { get; set; }

    public Guid? RiskId { get; set; }

    public Guid? KpiId { get; set; }

    /// <summary>A newer version someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public RoadmapTaskView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone deleted the task while the user was editing it.</summary>
    public bool Deleted { get; set; }

    public bool IsDirty => Base is null ? Title.Trim().Length > 0 || Description.Trim().Length > 0 : ToInput() != Base.ToInput();

    public static TaskEdit Of(RoadmapTaskView task) => new(task, task.Status);

    public static TaskEdit New(RoadmapTaskStatus status, Guid? milestoneId = null) => new(null, status) { MilestoneId = milestoneId };

    /// <summary>
    /// Takes note of another version of the task. Its fields unchanged (only moved on the board), or changed to just what
    /// the user has: the user's values stay on the new version. Changed otherwise: without edits the form shows it (a new
    /// edit is returned), with edits it stands beside them as <see cref="Theirs"/>.
    /// </summary>
    public TaskEdit Apply(RoadmapTaskView current)
    {
        if (Base is null || current.Id != Base.Id || current.Version == Base.Version || current.Version == Theirs?.Version)
        {
            return this;
        }

        if (Same(current.ToInput(), Base.ToInput()) || current.ToInput() == ToInput())
        {
            // Moved on the board: the form follows the column it is in now.
            Status = Status == Base.Status ? current.Status : Status;
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

    public RoadmapTaskInput ToInput() => new(
        Title, Description, string.IsNullOrEmpty(AssigneeId) ? null : AssigneeId,
        StartOn is { } start ? DateOnly.FromDateTime(start) : null, DueOn is { } due ? DateOnly.FromDateTime(due) : null,
        EstimateDays, Status, MilestoneId, RequirementId, RiskId, KpiId, Base?.Source);

    /// <summary>The same but for the column, which the board changes without the form.</summary>
    private static bool Same(RoadmapTaskInput a, RoadmapTaskInput b) => a with { Status = RoadmapTaskStatus.ToDo } == b with { Status = RoadmapTaskStatus.ToDo };
}

/// <summary>A milestone's form; like <see cref="TaskEdit"/>, another save never touches the user's values.</summary>
public sealed class MilestoneEdit
{
    private MilestoneEdit(MilestoneView? milestone)
    {
        Base = milestone;
        Title = milestone?.Title ?? "";
        DueOn = milestone?.DueOn.ToDateTime(TimeOnly.MinValue);
        DefinitionOfDone = milestone?.DefinitionOfDone ?? "";
        KpiIds = [.. milestone?.Kpis.Select(k => k.KpiId) ?? []];
    }

    public MilestoneView? Base { get; private set; }

    public string Title { get; set => field = value ?? ""; }

    public DateTime? DueOn { get; set; }

    public string DefinitionOfDone { get; set => field = value ?? ""; }

    public IReadOnlyCollection<Guid> KpiIds { get; set; }

    public MilestoneView? Theirs { get; set; }

    public bool Refused { get; set; }

    public bool Deleted { get; set; }

    public bool IsDirty => Base is null ? Title.Trim().Length > 0 || DefinitionOfDone.Trim().Length > 0 : Signature(ToInput()) != Signature(Base.ToInput());

    public static MilestoneEdit Of(MilestoneView milestone) => new(milestone);

    public static MilestoneEdit New() => new(null);

    /// <summary>As <see cref="TaskEdit.Apply"/>: progress or reached state moving on leaves the form alone.</summary>
    public MilestoneEdit Apply(MilestoneView current)
    {
        if (Base is null || current.Id != Base.Id || current.Version == Theirs?.Version)
        {
            return this;
        }

        if (current.Version == Base.Version || Signature(current.ToInput()) == Signature(ToInput()))
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

    public MilestoneInput ToInput() => new(Title, DueOn is { } due ? DateOnly.FromDateTime(due) : null, DefinitionOfDone, [.. KpiIds]);

    private static string Signature(MilestoneInput input) =>
        $"{input.Title}\u0001{input.DueOn}\u0001{input.DefinitionOfDone}\u0001{string.Join(",", input.KpiIds.Order())}";
}
