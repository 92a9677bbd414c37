namespace Portal.Features.Roadmap;

/// <summary>What the timeline needs of a task; <see cref="Of"/> makes one from the entity, another view can make its own.</summary>
public sealed record GanttTask(Guid Id, string Title, RoadmapTaskStatus Status, DateOnly? StartOn, DateOnly CreatedOn, DateOnly? DueOn, Guid? MilestoneId = null)
{
    public static GanttTask Of(RoadmapTaskView task) =>
        new(task.Id, task.Title, task.Status, task.StartOn, DateOnly.FromDateTime(task.CreatedAt.UtcDateTime), task.DueOn, task.MilestoneId);
}

/// <summary>What the timeline needs of a milestone.</summary>
public sealed record GanttMilestone(Guid Id, string Title, DateOnly DueOn, bool Reached)
{
    public static GanttMilestone Of(MilestoneView milestone) => new(milestone.Id, milestone.Title, milestone.DueOn, milestone.Reached);
}

/// <summary>One bar: a task from its start to its due date, on its own row.</summary>
public sealed record GanttBar(int Row, string Title, RoadmapTaskStatus Status, DateOnly From, DateOnly To);

/// <summary>One diamond: a milestone on its date, on its own row.</summary>
public sealed record GanttDiamond(int Row, string Title, DateOnly On, bool Reached);

/// <summary>
/// The timeline's rows: milestones first (by date), then the tasks with a due date (by start, then due). Each task runs
/// from its start (or the day it was created) to its due date; one that starts after it is due is drawn on its due day.
/// Tasks without a due date cannot be placed and are counted instead.
/// </summary>
public sealed record RoadmapGanttData(IReadOnlyList<GanttDiamond> Diamonds, IReadOnlyList<GanttBar> Bars, int WithoutDueDate, DateOnly Today)
{
    public int Rows => Diamonds.Count + Bars.Count;

    public static RoadmapGanttData From(IEnumerable<GanttMilestone> milestones, IEnumerable<GanttTask> tasks, DateOnly today)
    {
        var diamonds = milestones.OrderBy(m => m.DueOn).ThenBy(m => m.Title, StringComparer.CurrentCulture)
            .Select((m, i) => new GanttDiamond(i, m.Title, m.DueOn, m.Reached)).ToList();
        var all = tasks.ToList();
        var bars = all.Where(t => t.DueOn is not null)
            .Select(t => (Task: t, From: Min(t.StartOn ?? t.CreatedOn, t.DueOn!.Value)))
            .OrderBy(t => t.From).ThenBy(t => t.Task.DueOn).ThenBy(t => t.Task.Title, StringComparer.CurrentCulture)
            .Select((t, i) => new GanttBar(diamonds.Count + i, t.Task.Title, t.Task.Status, t.From, t.Task.DueOn!.Value)).ToList();
        return new RoadmapGanttData(diamonds, bars, all.Count(t => t.DueOn is null), today);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
