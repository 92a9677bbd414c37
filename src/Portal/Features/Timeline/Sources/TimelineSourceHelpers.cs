using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Timeline.Sources;

/// <summary>What the sources share: a day as a moment, the names of the people behind entries, and the newest-first page.</summary>
internal static class TimelineSourceHelpers
{
    /// <summary>An item dated by day only (a measurement, a decision) stands at the start of that day, UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Display names by user id; a deleted account has none.</summary>
    public static async Task<Dictionary<string, string>> NamesAsync(PortalDbContext db, IEnumerable<string?> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => u.NameForDisplay);
    }

    /// <summary>
    /// Entries older than <paramref name="before"/>, newest first, at most <paramref name="take"/>. Done here rather than in
    /// SQL: SQLite cannot compare or order DateTimeOffset values, and a workspace's items of one kind are few.
    /// </summary>
    public static IReadOnlyList<TimelineEntry> Page(IEnumerable<TimelineEntry> entries, DateTimeOffset? before, int take) =>
        [.. entries.Where(e => before is null || e.At < before).OrderByDescending(e => e.At).Take(take)];
}
