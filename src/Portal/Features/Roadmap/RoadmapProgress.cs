using Portal.Features.Kpis;

namespace Portal.Features.Roadmap;

/// <summary>
/// How far a milestone is, from its tasks, and whether it is reached. Progress is the share of its tasks that are done,
/// weighed by their estimates when every task has one (a big task done counts for more), else by count. A milestone
/// that names KPIs is reached when every one of them is on track by the KPI tool's own rule (<see cref="KpiStatusRule"/>);
/// one that names none is reached when it has tasks and all are done.
/// </summary>
public static class RoadmapProgress
{
    /// <summary>The share done, 0 to 1; 0 for a milestone without tasks.</summary>
    public static double Of(IReadOnlyCollection<(RoadmapTaskStatus Status, double? EstimateDays)> tasks)
    {
        if (tasks.Count == 0)
        {
            return 0;
        }

        if (tasks.All(t => t.EstimateDays is > 0))
        {
            var total = tasks.Sum(t => t.EstimateDays!.Value);
            return tasks.Where(t => t.Status == RoadmapTaskStatus.Done).Sum(t => t.EstimateDays!.Value) / total;
        }

        return (double)tasks.Count(t => t.Status == RoadmapTaskStatus.Done) / tasks.Count;
    }

    /// <param name="kpiStatuses">The statuses of the KPIs the milestone names (as <see cref="KpiStatusRule.Evaluate(double, double, KpiDirection, DateOnly, DateOnly, (DateOnly Date, double Value)?)"/> gives them).</param>
    /// <param name="tasks">The statuses of the milestone's tasks.</param>
    public static bool IsReached(IReadOnlyCollection<KpiStatus> kpiStatuses, IReadOnlyCollection<RoadmapTaskStatus> tasks) =>
        kpiStatuses.Count > 0
            ? kpiStatuses.All(s => s == KpiStatus.OnTrack)
            : tasks.Count > 0 && tasks.All(s => s == RoadmapTaskStatus.Done);
}
