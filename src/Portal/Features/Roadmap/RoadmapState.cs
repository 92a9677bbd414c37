using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Kpis;

namespace Portal.Features.Roadmap;

/// <summary>
/// Reads a workspace's milestones and tasks into views, and keeps each milestone's <see cref="Milestone.ReachedAt"/> in
/// step with what it is now: set when it is first seen reached, cleared when it no longer is. The roadmap checks on
/// every read and write (and its page reads again when a KPI's measurements change), rather than listening to the KPI
/// tool: a reached state is then never older than the page that shows it.
/// </summary>
internal static class RoadmapState
{
    /// <summary>Sets or clears the reached time of the workspace's milestones that changed; returns those (tracked in <paramref name="db"/>, unsaved).</summary>
    public static async Task<List<Milestone>> SyncReachedAsync(PortalDbContext db, Guid workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var milestones = await db.Set<Milestone>().Include(m => m.Kpis).Where(m => m.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        if (milestones.Count == 0)
        {
            return [];
        }

        var tasks = await TaskStatusesAsync(db, workspaceId, cancellationToken);
        var statuses = await KpiStatusesAsync(db, workspaceId, milestones.SelectMany(m => m.Kpis.Select(k => k.KpiId)).ToHashSet(), cancellationToken);
        List<Milestone> changed = [];
        foreach (var milestone in milestones)
        {
            var reached = RoadmapProgress.IsReached(
                [.. milestone.Kpis.Select(k => statuses.GetValueOrDefault(k.KpiId)?.Status ?? KpiStatus.NoData)],
                [.. tasks.GetValueOrDefault(milestone.Id, []).Select(t => t.Status)]);
            if (reached != milestone.ReachedAt.HasValue)
            {
                milestone.ReachedAt = reached ? now : null;
                changed.Add(milestone);
            }
        }

        return changed;
    }

    public static async Task<List<MilestoneView>> MilestonesAsync(PortalDbContext db, Guid workspaceId, Guid? milestoneId, CancellationToken cancellationToken)
    {
        var milestones = await db.Set<Milestone>().AsNoTracking().Include(m => m.Kpis)
            .Where(m => m.WorkspaceId == workspaceId && (milestoneId == null || m.Id == milestoneId)).ToListAsync(cancellationToken);
        var tasks = await TaskStatusesAsync(db, workspaceId, cancellationToken);
        var statuses = await KpiStatusesAsync(db, workspaceId, milestones.SelectMany(m => m.Kpis.Select(k => k.KpiId)).ToHashSet(), cancellationToken);
        return [.. milestones
            .OrderBy(m => m.DueOn).ThenBy(m => m.Title, StringComparer.CurrentCulture)
            .Select(m =>
            {
                var own = tasks.GetValueOrDefault(m.Id, []);
                return new MilestoneView(
                    m.Id, m.Title, m.DueOn, m.DefinitionOfDone,
                    [.. m.Kpis.Where(k => statuses.ContainsKey(k.KpiId)).Select(k => statuses[k.KpiId]).OrderBy(k => k.Name, StringComparer.CurrentCulture)],
                    own.Count(t => t.Status == RoadmapTaskStatus.Done), own.Count, RoadmapProgress.Of(own), m.ReachedAt, m.Version, m.CreatedAt);
            })];
    }

    public static async Task<List<RoadmapTaskView>> TasksAsync(PortalDbContext db, Guid workspaceId, Guid? taskId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<RoadmapTask>().AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && (taskId == null || t.Id == taskId))
            .GroupJoin(db.Users, t => t.AssigneeId, u => u.Id, (t, users) => new { Task = t, Users = users })
            .SelectMany(x => x.Users.DefaultIfEmpty(), (x, user) => new { x.Task, User = user })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Task.Status).ThenBy(r => r.Task.Position).Select(r => View(r.Task, r.User?.NameForDisplay))];
    }

    public static RoadmapTaskView View(RoadmapTask t, string? assigneeName) => new(
        t.Id, t.Title, t.Description, t.AssigneeId, assigneeName, t.StartOn, t.DueOn, t.EstimateDays, t.Status, t.Position,
        t.MilestoneId, t.RequirementId, t.RiskId, t.KpiId, t.Source, t.CompletedAt, t.Version, t.CreatedAt);

    private static async Task<Dictionary<Guid, List<(RoadmapTaskStatus Status, double? EstimateDays)>>> TaskStatusesAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        (await db.Set<RoadmapTask>().AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.MilestoneId != null)
            .Select(t => new { t.MilestoneId, t.Status, t.EstimateDays })
            .ToListAsync(cancellationToken))
        .GroupBy(t => t.MilestoneId!.Value)
        .ToDictionary(g => g.Key, g => g.Select(t => (t.Status, t.EstimateDays)).ToList());

    /// <summary>The named KPIs with the status the KPI tool's rule gives them from their latest measurement.</summary>
    private static async Task<Dictionary<Guid, MilestoneKpiView>> KpiStatusesAsync(PortalDbContext db, Guid workspaceId, HashSet<Guid> kpiIds, CancellationToken cancellationToken)
    {
        if (kpiIds.Count == 0)
        {
            return [];
        }

        var kpis = await db.Set<Kpi>().AsNoTracking()
            .Where(k => k.WorkspaceId == workspaceId && kpiIds.Contains(k.Id))
            .Select(k => new { k.Id, k.Name, k.Baseline, k.Target, k.Direction, k.StartDate, k.Deadline })
            .ToListAsync(cancellationToken);
        var latest = await db.Set<KpiMeasurement>().AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && kpiIds.Contains(m.KpiId))
            .GroupBy(m => m.KpiId)
            .Select(g => new { KpiId = g.Key, Date = g.Max(m => m.Date) })
            .Join(db.Set<KpiMeasurement>(), x => new { x.KpiId, x.Date }, m => new { m.KpiId, m.Date }, (x, m) => new { m.KpiId, m.Date, m.Value })
            .ToDictionaryAsync(x => x.KpiId, x => (x.Date, x.Value), cancellationToken);
        return kpis.ToDictionary(k => k.Id, k => new MilestoneKpiView(
            k.Id, k.Name, KpiStatusRule.Evaluate(k.Baseline, k.Target, k.Direction, k.StartDate, k.Deadline, latest.TryGetValue(k.Id, out var m) ? m : null).Status));
    }
}
