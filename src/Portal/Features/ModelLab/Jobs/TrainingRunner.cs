using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.ModelLab.Storage;
using Portal.Features.Workspaces;
using Portal.ModelLab.Data;
using Portal.ModelLab.Evaluation;
using Portal.ModelLab.Models;
using Portal.ModelLab.Native;
using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab.Jobs;

/// <summary>An epoch's end as stored: its batches and the samples/s it trained at.</summary>
public sealed record EpochSpeed(int Steps, double SamplesPerSecond);

/// <summary>
/// Trains a run on the job engine: the ModelLab trainer on a training thread, its progress stored as metric rows
/// and announced to open pages, the evaluation and the model saved at the end. Its files are in <see cref="RunFiles"/>.
/// </summary>
public sealed class TrainingRunner(
    IDbContextFactory<PortalDbContext> contextFactory,
    IWorkspaceEvents events,
    TimeProvider clock,
    LabDatasets datasets,
    TorchThreads torchThreads,
    RunFiles runFiles,
    TrainingHere trainingHere,
    RunRecorder recorder,
    Portal.Features.Kpis.KpiLabBinding kpiBinding,
    IOptions<ModelLabOptions> options,
    ILogger<TrainingRunner> logger)
{
    private ModelLabOptions Options => options.Value;

    /// <summary>
    /// Samples/s over whole epochs: all their samples over all the time they took, so a resumed run's epochs before
    /// the resume count as much as those after it. Each epoch took its batches / its samples/s (the batch size cancels).
    /// </summary>
    public static double OverallSamplesPerSecond(IReadOnlyCollection<EpochSpeed> epochs)
    {
        var seconds = epochs.Where(e => e.SamplesPerSecond > 0).Sum(e => e.Steps / e.SamplesPerSecond);
        return seconds > 0 ? epochs.Where(e => e.SamplesPerSecond > 0).Sum(e => e.Steps) / seconds : 0;
    }

    /// <summary>
    /// Trains the queued run whose turn it is (<see cref="FairTurns"/>); the job engine calls this once for every run
    /// queued, so each has a job, but a job takes whichever run is first in line when a worker is free.
    /// <paramref name="shutdown"/> fires when the server stops.
    /// </summary>
    public async Task ExecuteNextAsync(CancellationToken shutdown)
    {
        var now = clock.GetUtcNow();
        if (await ClaimNextAsync(now, shutdown) is not { } run)
        {
            return;
        }

        var runId = run.Id;
        using var userCancel = new CancellationTokenSource();
        await using var heartbeat = RunHeartbeat.Start(contextFactory, clock, TimeSpan.FromSeconds(Options.RunHeartbeatSeconds), runId, logger);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(userCancel.Token, heartbeat.Lost, shutdown);
        using var here = trainingHere.Add(runId, userCancel);
        await PublishAsync(run, now);
        try
        {
            var outcome = await TrainAndRecordAsync(run, userCancel, either.Token);
            await FinishAsync(runId, outcome, now);
            // The KPIs bound to the lab's figures take the completed run's as their measurement (nothing when it was not kept).
            await kpiBinding.RecordRunAsync(runId, CancellationToken.None);
        }
        catch (OperationCanceledException) when (heartbeat.Lost.IsCancellationRequested)
        {
            // Another node took this node for dead and marked the run Interrupted; it is theirs to show and to resume.
            logger.LogWarning("Training run {RunId} stopped: it was marked Interrupted while this node trained it (heartbeats late)", runId);
        }
        catch (OperationCanceledException)
        {
            // A member's cancel, or the server stopping: then the last checkpoint stays and the run can resume.
            var cancelled = userCancel.IsCancellationRequested || await recorder.CancelRequestedAsync(runId);
            await SetStatusAsync(runId, cancelled ? RunStatus.Cancelled : RunStatus.Interrupted, null, now);
        }
        catch (Exception error)
        {
            // Whatever went wrong (a spec, a data set, libtorch), the run must not stay Running.
            logger.LogWarning(error, "Training run {RunId} failed", runId);
            await SetStatusAsync(runId, RunStatus.Failed, error.Message, now);
        }
        finally
        {
            await PublishAsync(run, clock.GetUtcNow());
        }
    }

    /// <summary>Marks the first run in line Running; when another worker took it first, the next in line is tried.</summary>
    private async Task<TrainingRun?> ClaimNextAsync(DateTimeOffset now, CancellationToken shutdown)
    {
        await using var db = await contextFactory.CreateDbContextAsync(shutdown);
        while (await FairTurns.OrderAsync(db, now, shutdown) is [var next, ..])
        {
            // Only a queued run starts: one cancelled meanwhile, or taken by another worker, is left alone.
            var started = await db.Set<TrainingRun>().Where(r => r.Id == next && r.Status == RunStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Running)
                    // A resumed run keeps its first start; its attempts' durations add up in TrainingSeconds.
                    .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                    .SetProperty(r => r.AttemptStartedAt, now)
                    .SetProperty(r => r.HeartbeatAt, now), shutdown);
            if (started == 1)
            {
                return await db.Set<TrainingRun>().AsNoTracking().SingleAsync(r => r.Id == next, shutdown);
            }
        }

        return null;
    }

    private sealed record TrainingOutcome(EvaluationResult Evaluation, double InferSamplesPerSecond, long ModelBytes);

    /// <summary>
    /// Trains on a training thread while another stores and publishes the progress it reports: the training
    /// loop only hands each report over, so database writes never hold up a batch.
    /// </summary>
    private async Task<TrainingOutcome> TrainAndRecordAsync(TrainingRun run, CancellationTokenSource userCancel, CancellationToken cancellation)
    {
        // The trainer reads and writes files on this node: with the store elsewhere they are copied here first, and
        // each checkpoint is copied up as it is written, so that a run this node stops can resume on another.
        await runFiles.FetchDatasetAsync(run.DatasetKey, cancellation);
        var checkpoints = runFiles.UploadCheckpoints(run.Id, Trainer.CheckpointEpochs(await runFiles.FetchCheckpointAsync(run.Id, cancellation)));
        var reports = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var trainingEnded = new CancellationTokenSource();
        var recording = Task.Run(() => recorder.RecordAsync(run, reports.Reader, userCancel, trainingEnded.Token), CancellationToken.None);
        var trained = false;
        try
        {
            var outcome = await torchThreads.TrainAsync(() => Train(run, progress =>
            {
                checkpoints?.Observe(progress);
                reports.Writer.TryWrite(progress);
            }, cancellation));
            await runFiles.StoreModelAsync(run.Id, CancellationToken.None);
            trained = true;
            return outcome;
        }
        finally
        {
            reports.Writer.TryComplete();
            await trainingEnded.CancelAsync();
            await recording;
            if (checkpoints is not null)
            {
                // A trained run's checkpoints go; one that stopped (or whose model could not be stored) keeps its last for a resume.
                await checkpoints.FinishAsync(storeLast: !trained);
            }
        }
    }

    private TrainingOutcome Train(TrainingRun run, Action<TrainingProgress> report, CancellationToken cancellation)
    {
        TorchRuntime.SetThreadsForThisThread(Options.ResolveTorchThreads());
        var spec = ModelSpec.FromJson(run.SpecJson);
        var trainingOptions = JsonSerializer.Deserialize<TrainingOptions>(run.OptionsJson)!;
        var (train, test) = datasets.Load(run.DatasetKey);
        using var data = PreparedData.Prepare(train, test, TrainingService.ValidationShare, trainingOptions.Seed, run.MaxTrainingImages);
        using var model = Trainer.Train(spec, data, trainingOptions, report, runFiles.CheckpointFolder(run.Id), cancellation);

        cancellation.ThrowIfCancellationRequested();
        var evaluation = Evaluator.Evaluate(model, data);
        var inferSpeed = MeasureInference(model, data);
        var folder = runFiles.ModelFolder(run.Id);
        model.Save(folder);
        var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        return new TrainingOutcome(evaluation, inferSpeed, bytes);
    }

    /// <summary>Samples per second through the trained network in batches of 256, as served.</summary>
    private static double MeasureInference(TrainedModel model, PreparedData data)
    {
        var clock = Stopwatch.StartNew();
        Trainer.Measure(model.Network, data.TestImages, data.TestLabels);
        return data.TestImages.shape[0] / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
    }

    private async Task FinishAsync(Guid runId, TrainingOutcome outcome, DateTimeOffset attemptStart)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var run = await db.Set<TrainingRun>().SingleAsync(r => r.Id == runId);
        if (run.Status != RunStatus.Running)
        {
            // Taken for lost while its last batches trained: the run is Interrupted and resumes from its checkpoint.
            logger.LogWarning("Training run {RunId} finished after it was marked {Status}; the result is not kept", runId, run.Status);
            return;
        }

        var epochEnds = await db.Set<RunMetric>().Where(m => m.RunId == runId && m.Step == run.StepsPerEpoch)
            .Select(m => new EpochSpeed(m.Step, m.SamplesPerSecond)).ToListAsync();
        var now = clock.GetUtcNow();
        run.Status = RunStatus.Completed;
        run.FinishedAt = now;
        run.Progress = 1;
        run.EtaSeconds = 0;
        run.TestAccuracy = outcome.Evaluation.Accuracy;
        run.TestLoss = outcome.Evaluation.Loss;
        // Every epoch counts, those before a resume too, as the cost panel prices the whole run.
        run.TrainSamplesPerSecond = OverallSamplesPerSecond(epochEnds);
        run.TrainingSeconds += (now - attemptStart).TotalSeconds;
        run.AttemptStartedAt = null;
        run.InferSamplesPerSecond = outcome.InferSamplesPerSecond;
        run.EvaluationJson = JsonSerializer.Serialize(outcome.Evaluation);
        db.Add(new ModelArtifact { RunId = runId, Kind = ArtifactKind.Model, RelativePath = LabFileKeys.Model(runId), Bytes = outcome.ModelBytes, CreatedAt = now });
        await db.SaveChangesAsync();
        // A completed run is never resumed, and its model holds the weights it ended with: the checkpoints (a few MB each) go.
        await runFiles.DeleteCheckpointAsync(runId);
    }

    private async Task SetStatusAsync(Guid runId, RunStatus status, string? error, DateTimeOffset attemptStart)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        var attemptSeconds = (now - attemptStart).TotalSeconds;
        await db.Set<TrainingRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.TrainingSeconds, r => r.TrainingSeconds + attemptSeconds)
            .SetProperty(r => r.AttemptStartedAt, (DateTimeOffset?)null)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.EtaSeconds, (double?)null)
            .SetProperty(r => r.FinishedAt, status == RunStatus.Interrupted ? null : now));
    }

    private Task PublishAsync(TrainingRun run, DateTimeOffset at) =>
        events.PublishAsync(new WorkspaceChange(run.WorkspaceId, TrainingService.Topic, run.Id.ToString(), run.CreatedById, at));
}
