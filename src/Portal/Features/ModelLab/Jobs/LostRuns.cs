using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Workspaces;

namespace Portal.Features.ModelLab.Jobs;

/// <summary>
/// Runs whose training node died (killed, crashed, cut off from the database): their heartbeat stops, and any node marks
/// them Interrupted, so that their pages say so and a member can resume them on a worker that is alive. Used where
/// several nodes share the database; the all-in-one node marks its own leftovers when it starts (<see cref="InterruptedRuns"/>).
/// </summary>
public sealed class LostRuns(IDbContextFactory<PortalDbContext> contextFactory, IWorkspaceEvents events, TimeProvider clock, IOptions<ModelLabOptions> options)
{
    /// <summary>Marks Running runs with a heartbeat older than <see cref="ModelLabOptions.RunLostAfterSeconds"/> Interrupted.</summary>
    /// <returns>How many runs were marked.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var lostBefore = now - TimeSpan.FromSeconds(options.Value.RunLostAfterSeconds);
        // Filtered here: SQLite cannot compare DateTimeOffset values in SQL, and few runs train at once.
        var running = await db.Set<TrainingRun>().AsNoTracking().Where(r => r.Status == RunStatus.Running)
            .Select(r => new { r.Id, r.WorkspaceId, r.CreatedById, r.HeartbeatAt, r.AttemptStartedAt }).ToListAsync(cancellationToken);
        var marked = 0;
        foreach (var run in running.Where(r => (r.HeartbeatAt ?? r.AttemptStartedAt ?? now) < lostBefore))
        {
            // The attempt trained until its last heartbeat, as far as anyone knows.
            var attemptSeconds = run.HeartbeatAt is { } lastBeat && run.AttemptStartedAt is { } start ? Math.Max(0, (lastBeat - start).TotalSeconds) : 0;
            // Only if it still has the heartbeat seen: a node that beat meanwhile is alive, and another node may have marked it first.
            var changed = await db.Set<TrainingRun>()
                .Where(r => r.Id == run.Id && r.Status == RunStatus.Running && r.HeartbeatAt == run.HeartbeatAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Interrupted)
                    .SetProperty(r => r.EtaSeconds, (double?)null)
                    .SetProperty(r => r.TrainingSeconds, r => r.TrainingSeconds + attemptSeconds)
                    .SetProperty(r => r.AttemptStartedAt, (DateTimeOffset?)null), cancellationToken);
            if (changed == 1)
            {
                marked++;
                await events.PublishAsync(new WorkspaceChange(run.WorkspaceId, TrainingService.Topic, run.Id.ToString(), run.CreatedById, now));
            }
        }

        return marked;
    }

    /// <summary>Sweeps once a heartbeat on every node of a scale-out deployment, so that a lost run shows within a heartbeat or two of the timeout.</summary>
    internal sealed class Sweep(LostRuns runs, IOptions<ModelLabOptions> options, TimeProvider clock, ILogger<Sweep> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RunHeartbeatSeconds), clock);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await SweepOnceAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The node stops.
            }
        }

        private async Task SweepOnceAsync(CancellationToken stoppingToken)
        {
            try
            {
                if (await runs.SweepAsync(stoppingToken) is > 0 and var count)
                {
                    logger.LogWarning("{Count} training runs lost their node (no heartbeat for {Seconds} s) and are now Interrupted; they can be resumed from their checkpoints",
                        count, options.Value.RunLostAfterSeconds);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The database away for a moment: the next tick sweeps again.
                logger.LogWarning(error, "Looking for training runs that lost their node failed");
            }
        }
    }
}
