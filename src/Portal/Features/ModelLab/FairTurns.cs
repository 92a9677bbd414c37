using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.ModelLab;

/// <summary>
/// The order queued runs start in. A run's turn is how many runs its workspace has started lately (<see cref="Window"/>)
/// plus how many of its own are queued ahead of it; lower turns go first, so a team's second run never starts before
/// another team's first, however quickly it was queued. Within a turn, first queued, first served.
/// </summary>
public static class FairTurns
{
    /// <summary>How far back a workspace's started runs count against it: about a workshop session.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Queued runs in the order they will start, given how many runs each workspace started lately.</summary>
    public static IReadOnlyList<Guid> Order(IEnumerable<QueuedRun> queued, IReadOnlyDictionary<Guid, int> startedPerWorkspace) =>
        queued.GroupBy(run => run.WorkspaceId)
            .SelectMany(workspace => workspace.OrderBy(run => run.CreatedAt).ThenBy(run => run.Id)
                .Select((run, place) => (run, turn: startedPerWorkspace.GetValueOrDefault(workspace.Key) + place)))
            .OrderBy(entry => entry.turn).ThenBy(entry => entry.run.CreatedAt).ThenBy(entry => entry.run.Id)
            .Select(entry => entry.run.Id)
            .ToList();

    /// <summary>The queue as it stands in the database at <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> OrderAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = await db.Set<TrainingRun>().AsNoTracking().Where(r => r.Status == RunStatus.Queued)
            .Select(r => new QueuedRun(r.Id, r.WorkspaceId, r.CreatedAt)).ToListAsync(cancellationToken);
        if (queued.Count == 0)
        {
            return [];
        }

        var since = now - Window;
        var waiting = queued.Select(r => r.WorkspaceId).Distinct().ToList();
        // Only the waiting workspaces' runs, filtered by time here: SQLite cannot compare DateTimeOffset values in SQL.
        var starts = await db.Set<TrainingRun>().AsNoTracking()
            .Where(r => waiting.Contains(r.WorkspaceId) && r.Status != RunStatus.Queued && r.StartedAt != null)
            .Select(r => new { r.WorkspaceId, r.Status, r.StartedAt }).ToListAsync(cancellationToken);
        var started = starts.Where(r => r.Status == RunStatus.Running || r.StartedAt > since)
            .GroupBy(r => r.WorkspaceId).ToDictionary(g => g.Key, g => g.Count());
        return Order(queued, started);
    }
}

public sealed record QueuedRun(Guid Id, Guid WorkspaceId, DateTimeOffset CreatedAt);
