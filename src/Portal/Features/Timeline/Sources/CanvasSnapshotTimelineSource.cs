using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline.Sources;

/// <summary>The canvas snapshots a team took: each is the canvas as it stood at one moment, the trace of a pivot.</summary>
public sealed class CanvasSnapshotTimelineSource(IStringLocalizer<TimelineText> text) : ITimelineSource
{
    public string Group => "canvas";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var snapshots = await db.Set<CanvasSnapshot>().AsNoTracking()
            .Where(s => s.WorkspaceId == access.WorkspaceId)
            .Select(s => new { s.Name, s.CreatedById, s.CreatedAt })
            .ToListAsync(cancellationToken);
        var names = await TimelineSourceHelpers.NamesAsync(db, snapshots.Select(s => s.CreatedById), cancellationToken);
        return TimelineSourceHelpers.Page(
            snapshots.Select(s => new TimelineEntry(s.CreatedAt, Group, s.Name, text["Timeline.Detail.Snapshot"], $"/w/{access.Slug}/canvas", names.GetValueOrDefault(s.CreatedById))),
            before, take);
    }
}
