using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.ModelLab.Jobs;

/// <summary>
/// Tells the other nodes, through the run's row, that this node still trains it (<see cref="LostRuns"/>), until disposed.
/// When the row is no longer Running the run was taken for lost meanwhile, and <see cref="Lost"/> fires to stop the training.
/// </summary>
public sealed class RunHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource ended = new();
    private Task beating = Task.CompletedTask;

    private RunHeartbeat()
    {
    }

    public CancellationToken Lost => lost.Token;

    public static RunHeartbeat Start(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock, TimeSpan interval, Guid runId, ILogger logger)
    {
        var heartbeat = new RunHeartbeat();
        heartbeat.beating = heartbeat.BeatAsync(contextFactory, clock, interval, runId, logger);
        return heartbeat;
    }

    private async Task BeatAsync(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock, TimeSpan interval, Guid runId, ILogger logger)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ended.Token))
            {
                try
                {
                    await using var db = await contextFactory.CreateDbContextAsync(ended.Token);
                    var beat = await db.Set<TrainingRun>().Where(r => r.Id == runId && r.Status == RunStatus.Running)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, clock.GetUtcNow()), ended.Token);
                    if (beat == 0)
                    {
                        await lost.CancelAsync();
                        return;
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // A database away for a moment: the next beat tries again, and only a long absence makes the run lost.
                    logger.LogWarning(error, "The heartbeat of training run {RunId} could not be written", runId);
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The attempt ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ended.CancelAsync();
        await beating;
        ended.Dispose();
        lost.Dispose();
    }
}
