using Portal.Data;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline;

/// <summary>
/// One event of a workspace's history on its timeline. <see cref="Group"/> is the source's filter ("canvas", "kpi",
/// "risk", "milestone", "decision", "run", "exercise"; the page shows <c>Timeline.Group.{Group}</c>); <see cref="Title"/>
/// is the item's own text and <see cref="Detail"/> a line in the reader's language; <see cref="Link"/> opens the item.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string Group, string Title, string Detail, string Link, string? ActorName = null);

/// <summary>
/// A tool's contribution to the workspace timeline, registered by the tool itself (as <c>IPlanSection</c> is): the
/// timeline asks every source and merges what they give, newest first. The caller has already checked that the reader
/// may read the workspace.
/// </summary>
public interface ITimelineSource
{
    /// <summary>The <see cref="TimelineEntry.Group"/> this source gives.</summary>
    string Group { get; }

    /// <summary>This workspace's entries older than <paramref name="before"/> (all when none), newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken);
}
