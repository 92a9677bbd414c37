using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline;

/// <summary>A page of the timeline, newest first; <see cref="Older"/> is the <c>before</c> that reads the next page, null at the start of the workspace.</summary>
public sealed record TimelineSlice(IReadOnlyList<TimelineEntry> Entries, DateTimeOffset? Older)
{
    public static readonly TimelineSlice Empty = new([], null);
}

/// <summary>
/// The workspace's history from every tool: asks each registered <see cref="ITimelineSource"/> (of the groups asked for)
/// and merges what they give, newest first, a page at a time. Members and the cohort's instructors read it; anyone
/// else gets nothing.
/// </summary>
public sealed class TimelineService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IEnumerable<ITimelineSource> sources)
{
    public const int PageSize = 40;
    public const int MaxPageSize = 200;

    /// <summary>Every group the page offers as a filter, in its order; sources registered by other tools add to what is read, not to this list.</summary>
    public static readonly IReadOnlyList<string> Groups = ["canvas", "kpi", "risk", "milestone", "decision", "run", "exercise"];

    private readonly IReadOnlyList<ITimelineSource> sources = [.. sources];

    /// <summary>The groups some source gives.</summary>
    public IReadOnlyList<string> SourceGroups => [.. sources.Select(s => s.Group).Distinct()];

    /// <summary>
    /// The entries older than <paramref name="before"/> (from the newest when none) of the <paramref name="groups"/>
    /// (all when none or empty), at most <paramref name="take"/>. Entries of one moment are never split between two pages.
    /// </summary>
    public async Task<TimelineSlice> ReadAsync(string? userId, Guid workspaceId, IReadOnlyCollection<string>? groups = null, DateTimeOffset? before = null,
        int take = PageSize, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return TimelineSlice.Empty;
        }

        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is not { } access || !access.Can(WorkspaceAction.Read))
        {
            return TimelineSlice.Empty;
        }

        var merged = new List<TimelineEntry>();
        foreach (var source in sources.Where(s => groups is null || groups.Count == 0 || groups.Contains(s.Group)))
        {
            // One more than a page from each: if the merge has more than a page, there is an older page.
            var entries = await source.ReadAsync(db, access, before, take + 1, cancellationToken);
            merged.AddRange(before is { } limit ? entries.Where(e => e.At < limit) : entries);
        }

        var ordered = merged.OrderByDescending(e => e.At).ThenBy(e => e.Group, StringComparer.Ordinal).ToList();
        if (ordered.Count <= take)
        {
            return new TimelineSlice(ordered, null);
        }

        // The next page starts strictly before the last entry shown: leave that moment's entries all to the next page.
        var cut = ordered[take].At;
        var page = ordered.Take(take).ToList();
        if (page.Any(e => e.At != cut))
        {
            page.RemoveAll(e => e.At == cut);
        }
        else
        {
            // A whole page of one moment (a bulk import): show all of that moment at once.
            page = [.. ordered.TakeWhile(e => e.At == cut)];
        }

        return new TimelineSlice(page, page[^1].At);
    }
}
