using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline.Sources;

/// <summary>
/// The risk register's changes as its activity log recorded them: risks added, reviewed (edited: scores, mitigation,
/// status), removed and imported. The register keeps no history of its own, so the log is the record.
/// </summary>
public sealed class RiskTimelineSource(IStringLocalizer<TimelineText> text) : ITimelineSource
{
    /// <summary>The activity kinds of the risk register, each with its line on the timeline.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["risk.created", "risk.updated", "risk.deleted", "risk.imported"];

    public string Group => "risk";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var kinds = Kinds.ToList();
        var entries = await db.Set<ActivityEntry>().AsNoTracking()
            .Where(a => a.WorkspaceId == access.WorkspaceId && kinds.Contains(a.Kind))
            .Select(a => new { a.Kind, a.Subject, a.Link, a.At, a.ActorName })
            .ToListAsync(cancellationToken);
        return TimelineSourceHelpers.Page(
            entries.Select(a => new TimelineEntry(
                a.At, Group, a.Subject, text[$"Timeline.Detail.{a.Kind}"], a.Link ?? $"/w/{access.Slug}/risks", a.ActorName.Length > 0 ? a.ActorName : null)),
            before, take);
    }
}
