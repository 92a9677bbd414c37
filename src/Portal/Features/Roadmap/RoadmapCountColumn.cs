using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Roadmap;

/// <summary>The cohort dashboard's column (also on the workspace home): "done/total tasks · milestones reached", sorted by tasks done.</summary>
public sealed class RoadmapCountColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Roadmap";

    public int Order => 40;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tasks = await db.Set<RoadmapTask>().AsNoTracking()
            .Where(t => workspaceIds.Contains(t.WorkspaceId))
            .GroupBy(t => t.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, All = g.Count(), Done = g.Count(t => t.Status == RoadmapTaskStatus.Done) })
            .ToDictionaryAsync(x => x.WorkspaceId, cancellationToken);
        var reached = await db.Set<Milestone>().AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId))
            .GroupBy(m => m.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, All = g.Count(), Reached = g.Count(m => m.ReachedAt != null) })
            .ToDictionaryAsync(x => x.WorkspaceId, cancellationToken);
        return tasks.Keys.Union(reached.Keys).ToDictionary(id => id, id =>
        {
            var (done, all) = tasks.TryGetValue(id, out var t) ? (t.Done, t.All) : (0, 0);
            var (hit, milestones) = reached.TryGetValue(id, out var m) ? (m.Reached, m.All) : (0, 0);
            return new DashboardCell(done, string.Create(CultureInfo.InvariantCulture, $"{done}/{all} · {hit}/{milestones}"));
        });
    }
}
