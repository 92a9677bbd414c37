using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Workspaces;
using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab.Jobs;

/// <summary>
/// The other half of a training attempt: while the trainer trains, this stores its progress reports as metric rows,
/// announces them to open pages, and passes on a cancel asked for on another node.
/// </summary>
public sealed class RunRecorder(IDbContextFactory<PortalDbContext> contextFactory, IWorkspaceEvents events, TimeProvider clock)
{
    /// <summary>How often a training run's progress is written and announced at most.</summary>
    private static readonly TimeSpan RecordInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Stores the reports as metric rows and the latest as the run's progress, tells open pages, and passes on a
    /// cancel asked for on another node. A fast run reports every few dozen milliseconds; writing and publishing
    /// each report took CPU the training needed, so the reports that arrive within <see cref="RecordInterval"/>
    /// are written together, in one transaction, and announced once.
    /// </summary>
    public async Task RecordAsync(TrainingRun run, ChannelReader<TrainingProgress> reports, CancellationTokenSource userCancel, CancellationToken trainingEnded)
    {
        var lastCancelCheck = Stopwatch.StartNew();
        var batch = new List<TrainingProgress>();
        while (await reports.WaitToReadAsync(CancellationToken.None))
        {
            var written = Stopwatch.StartNew();
            while (reports.TryRead(out var progress))
            {
                batch.Add(progress);
            }

            var now = clock.GetUtcNow();
            var update = await StoreAsync(run.Id, batch, now);
            batch.Clear();
            await events.PublishAsync(new WorkspaceChange(run.WorkspaceId, TrainingService.Topic, run.Id.ToString(), run.CreatedById, now) { Changes = update });
            if (lastCancelCheck.Elapsed > TimeSpan.FromSeconds(2))
            {
                lastCancelCheck.Restart();
                if (await CancelRequestedAsync(run.Id))
                {
                    await userCancel.CancelAsync();
                }
            }

            if (RecordInterval - written.Elapsed is { Ticks: > 0 } rest)
            {
                // Cut short when training ends, so that the last reports and the run's end are not held back.
                await Task.Delay(rest, trainingEnded).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<RunProgressUpdate> StoreAsync(Guid runId, List<TrainingProgress> batch, DateTimeOffset now)
    {
        var latest = batch[^1];
        await using var db = await contextFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var rows = batch.Select(progress => new RunMetric
        {
            RunId = runId,
            Epoch = progress.Epoch,
            Step = progress.Step,
            EpochProgress = progress.Epoch - 1 + (double)progress.Step / progress.StepsPerEpoch,
            TrainLoss = progress.TrainLoss,
            TrainAccuracy = progress.TrainAccuracy,
            ValidationLoss = progress.ValidationLoss,
            ValidationAccuracy = progress.ValidationAccuracy,
            SamplesPerSecond = progress.SamplesPerSecond,
            At = now,
        }).ToList();
        db.AddRange(rows);
        await db.SaveChangesAsync();
        await db.Set<TrainingRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Epoch, latest.Epoch)
            .SetProperty(r => r.Step, latest.Step)
            .SetProperty(r => r.StepsPerEpoch, latest.StepsPerEpoch)
            .SetProperty(r => r.Progress, latest.Fraction)
            .SetProperty(r => r.EtaSeconds, latest.Eta.TotalSeconds)
            .SetProperty(r => r.TrainSamplesPerSecond, latest.SamplesPerSecond));
        await transaction.CommitAsync();
        return new RunProgressUpdate(
            runId,
            [.. rows.Select(m => new MetricPoint(m.Id, m.Epoch, m.Step, m.EpochProgress, m.TrainLoss, m.TrainAccuracy, m.ValidationLoss, m.ValidationAccuracy, m.SamplesPerSecond))],
            latest.Epoch,
            latest.Step,
            latest.StepsPerEpoch,
            latest.Fraction,
            latest.Eta.TotalSeconds,
            latest.SamplesPerSecond);
    }

    public async Task<bool> CancelRequestedAsync(Guid runId)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        return await db.Set<TrainingRun>().Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleAsync();
    }
}
