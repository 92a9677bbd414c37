using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Timeline;
using Portal.Features.Workspaces;

namespace Portal.Features.Roadmap;

/// <summary>
/// The roadmap's part of the workspace timeline (group "milestone"): each milestone when it was reached, and each task
/// when it was done. Milestones' reached state is brought up to date first, as every read of the roadmap does.
/// </summary>
public sealed class RoadmapTimelineSource(IStringLocalizer<RoadmapText> text, TimeProvider clock) : ITimelineSource
{
    public string Group => "milestone";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        if ((await RoadmapState.SyncReachedAsync(db, access.WorkspaceId, clock.GetUtcNow(), cancellationToken)).Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var link = $"/w/{access.Slug}/roadmap";
        // SQLite cannot compare DateTimeOffset in a query; a workspace has at most 50 milestones and 1,000 tasks.
        var milestones = await db.Set<Milestone>().AsNoTracking().Where(m => m.WorkspaceId == access.WorkspaceId && m.ReachedAt != null)
            .Select(m => new { m.Title, m.ReachedAt }).ToListAsync(cancellationToken);
        var tasks = await db.Set<RoadmapTask>().AsNoTracking().Where(t => t.WorkspaceId == access.WorkspaceId && t.CompletedAt != null)
            .Select(t => new { t.Title, t.CompletedAt }).ToListAsync(cancellationToken);
        return [.. milestones.Select(m => new TimelineEntry(m.ReachedAt!.Value, Group, m.Title, text["Roadmap.Timeline.Reached"], link))
            .Concat(tasks.Select(t => new TimelineEntry(t.CompletedAt!.Value, Group, t.Title, text["Roadmap.Timeline.Done"], link)))
            .Where(e => before is null || e.At < before)
            .OrderByDescending(e => e.At)
            .Take(take)];
    }
}
