using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Canvas;

/// <summary>How many snapshots, and how much of their text, a workspace keeps; the oldest go first.</summary>
internal static class CanvasSnapshotRetention
{
    public const int MaxSnapshots = 50;

    /// <summary>
    /// The stored JSON of all of a workspace's snapshots together, in characters (the JSON escapes everything beyond
    /// ASCII, so also bytes). Fifty snapshots of an ordinary canvas fit many times over; a canvas near its limits
    /// (nine blocks of 200 notes of 1,000 characters) takes a few megabytes, so only the newest few of those stay.
    /// </summary>
    public const long MaxTotalChars = 10L * 1024 * 1024;

    /// <summary>
    /// Deletes the oldest snapshots beyond <see cref="MaxSnapshots"/> or <see cref="MaxTotalChars"/>, always keeping the
    /// newest. Runs in the caller's transaction after the new snapshot is saved, so no writer ever sees more than the limit.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> PruneAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var sizes = await db.Set<CanvasSnapshot>().Where(s => s.WorkspaceId == workspaceId)
            .Select(s => new { s.Id, s.CreatedAt, Chars = (long)s.Json.Length })
            .ToListAsync(cancellationToken);
        // Ordered here: SQLite cannot order by a DateTimeOffset column.
        var newestFirst = sizes.OrderByDescending(s => s.CreatedAt).ToList();
        var kept = 0;
        var total = 0L;
        var removed = new List<Guid>();
        foreach (var snapshot in newestFirst)
        {
            if (kept == 0 || (removed.Count == 0 && kept < MaxSnapshots && total + snapshot.Chars <= MaxTotalChars))
            {
                kept++;
                total += snapshot.Chars;
            }
            else
            {
                removed.Add(snapshot.Id);
            }
        }

        if (removed.Count > 0)
        {
            await db.Set<CanvasSnapshot>().Where(s => removed.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return removed;
    }
}
