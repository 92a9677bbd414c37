using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.ModelLab.Data;
using Portal.ModelLab.Evaluation;
using Portal.ModelLab.Export;
using Portal.ModelLab.Models;
using Portal.ModelLab.Native;
using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab;

/// <summary>What a member asks to train.</summary>
public sealed record RunRequest(string Name, string DatasetKey, ModelSpec Spec, TrainingOptions Options, int? MaxTrainingImages);

/// <summary>A run as the runs list shows it.</summary>
public sealed record RunSummary(
    Guid Id,
    string Name,
    RunStatus Status,
    string DatasetKey,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Progress,
    double? EtaSeconds,
    double? TrainSamplesPerSecond,
    double? InferSamplesPerSecond,
    double? TestAccuracy,
    double? TestLoss,
    long Parameters,
    long ForwardFlopsPerSample,
    int TrainSamples,
    TrainingOptions Options,
    string SpecJson,
    int? QueuePosition,
    string? Error)
{
    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running;
}

public sealed record MetricPoint(long Id, int Epoch, int Step, double EpochProgress, double TrainLoss, double TrainAccuracy,
    double? ValidationLoss, double? ValidationAccuracy, double SamplesPerSecond);

/// <summary>What a training run's event carries while it trains: the points just stored and its progress, so open pages query nothing.</summary>
public sealed record RunProgressUpdate(Guid RunId, IReadOnlyList<MetricPoint> Points, int Epoch, int Step, int StepsPerEpoch, double Progress, double? EtaSeconds, double? SamplesPerSecond);

/// <summary>A finished run's evaluation with the class names it refers to.</summary>
public sealed record RunEvaluation(EvaluationResult Result, IReadOnlyList<string> ClassNames);

/// <summary>
/// The model lab's runs: queues them on the job engine, trains them there with the ModelLab engine,
/// stores their metrics as they arrive and tells open pages, evaluates, predicts and exports.
/// Every call checks that the user may see (or change) the workspace.
/// </summary>
public sealed class TrainingService(
    IDbContextFactory<PortalDbContext> contextFactory,
    IWorkspaceEvents events,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    LabDatasets datasets,
    TorchThreads torchThreads,
    IOptions<ModelLabOptions> options,
    ILogger<TrainingService> logger)
{
    public const string Topic = "lab";
    public const double ValidationShare = 0.1;

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> training = new();
    private readonly ModelCache models = new();

    public string RunsFolder => Path.Combine(Path.GetDirectoryName(datasets.UploadsFolder)!, "runs");

    public ModelLabOptions Options => options.Value;

    public async Task<IReadOnlyList<RunSummary>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await WorkspaceService.ResolveAccessAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var runs = await db.Set<TrainingRun>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, runs.Select(r => r.CreatedById), cancellationToken);
        var queue = await QueueAsync(db, cancellationToken);
        return [.. runs.OrderByDescending(r => r.CreatedAt).Select(r => ToSummary(r, names, queue))];
    }

    public async Task<RunSummary?> GetAsync(string? userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, userId, workspaceId, runId, cancellationToken);
        return run is null ? null : ToSummary(run, await NamesAsync(db, [run.CreatedById], cancellationToken), await QueueAsync(db, cancellationToken));
    }

    /// <summary>The run's metrics stored after <paramref name="afterId"/>, oldest first; null when the user may not see the run.</summary>
    public async Task<IReadOnlyList<MetricPoint>?> MetricsAsync(string? userId, Guid workspaceId, Guid runId, long afterId = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, userId, workspaceId, runId, cancellationToken) is null)
        {
            return null;
        }

        return await db.Set<RunMetric>().AsNoTracking().Where(m => m.RunId == runId && m.Id > afterId).OrderBy(m => m.Id)
            .Select(m => new MetricPoint(m.Id, m.Epoch, m.Step, m.EpochProgress, m.TrainLoss, m.TrainAccuracy, m.ValidationLoss, m.ValidationAccuracy, m.SamplesPerSecond))
            .ToListAsync(cancellationToken);
    }

    public async Task<RunEvaluation?> EvaluationAsync(string? userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, userId, workspaceId, runId, cancellationToken);
        if (run?.EvaluationJson is null)
        {
            return null;
        }

        return new RunEvaluation(JsonSerializer.Deserialize<EvaluationResult>(run.EvaluationJson)!, datasets.Load(run.DatasetKey).Test.ClassNames);
    }

    /// <summary>A test image of the run's data set as a PNG, for the gallery of mistakes.</summary>
    public async Task<byte[]?> TestImagePngAsync(string? userId, Guid workspaceId, Guid runId, int testIndex, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, userId, workspaceId, runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var test = datasets.Load(run.DatasetKey).Test;
        return testIndex < 0 || testIndex >= test.Count ? null : GreyPng.Encode(test.Image(testIndex), test.Columns, test.Rows);
    }

    public async Task<IReadOnlyList<DatasetInfo>?> DatasetsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await WorkspaceService.ResolveAccessAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var uploads = await db.Set<LabDataset>().AsNoTracking().Where(d => d.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [datasets.FashionMnistInfo(), .. uploads.OrderBy(d => d.Name, StringComparer.CurrentCulture).Select(LabDatasets.Describe)];
    }

    /// <summary>Checks the request, stores the run as Queued and hands it to the job engine.</summary>
    public async Task<Guid> EnqueueAsync(string userId, Guid workspaceId, RunRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var checks = new InputChecks();
        var name = checks.Text("Name", request.Name, TrainingRun.NameMaxLength, required: true);
        var analysis = ShapeInference.Analyze(request.Spec);
        checks.Expect(analysis.IsValid, "Spec", "Lab.Error.Spec", analysis.Problem?.Message ?? "");
        foreach (var (setting, lowest, highest) in request.Options.Problems())
        {
            checks.Expect(false, setting, "Lab.Error.Range", lowest, highest);
        }

        checks.Expect(request.Options.Epochs <= Options.MaxEpochs, nameof(TrainingOptions.Epochs), "Lab.Error.Range", 1, Options.MaxEpochs);
        var available = await AvailableDatasetAsync(db, workspaceId, request.DatasetKey, cancellationToken);
        checks.Expect(available is not null, "Dataset", "Lab.Error.Dataset");
        var trainPool = available is null ? 0 : available.TrainCount - (int)Math.Round(available.TrainCount * ValidationShare);
        var trainSamples = Math.Min(trainPool, request.MaxTrainingImages ?? int.MaxValue);
        checks.Expect(request.MaxTrainingImages is null or >= 100, "MaxTrainingImages", "Lab.Error.Range", 100, trainPool);
        checks.Expect(available is null || request.Options.BatchSize <= trainSamples, nameof(TrainingOptions.BatchSize), "Lab.Error.Range", 1, trainSamples);
        checks.Expect(available is null || (request.Spec.InputHeight == 28 && request.Spec.InputWidth == 28 && request.Spec.InputChannels == 1 && request.Spec.Classes == 10),
            "Spec", "Lab.Error.SpecInput");
        var busy = await db.Set<TrainingRun>().CountAsync(r => r.CreatedById == userId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
        checks.Expect(busy < Options.MaxQueuedRunsPerUser, "Name", "Lab.Error.TooManyQueued", Options.MaxQueuedRunsPerUser);
        checks.ThrowIfAny();

        var now = clock.GetUtcNow();
        var run = new TrainingRun
        {
            WorkspaceId = workspaceId,
            CreatedById = userId,
            Name = name,
            DatasetKey = request.DatasetKey,
            SpecJson = request.Spec.ToJson(),
            OptionsJson = JsonSerializer.Serialize(request.Options),
            MaxTrainingImages = request.MaxTrainingImages,
            Status = RunStatus.Queued,
            Parameters = analysis.Parameters,
            ForwardFlopsPerSample = analysis.ForwardFlopsPerSample,
            TrainSamples = trainSamples,
            Epochs = request.Options.Epochs,
            CreatedAt = now,
        };
        db.Add(run);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "lab.run", run.Name, $"/w/{access.Slug}/lab", now);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<TrainingJob>(job => job.RunAsync(run.Id, CancellationToken.None));
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, run.Id.ToString(), userId, now));
        return run.Id;
    }

    /// <summary>Stops a queued or training run; training stops within a batch.</summary>
    public async Task CancelAsync(string userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var run = await db.Set<TrainingRun>().SingleOrDefaultAsync(r => r.Id == runId && r.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new WorkspaceNotFoundException();
        if (run.Status == RunStatus.Queued)
        {
            run.Status = RunStatus.Cancelled;
            run.FinishedAt = clock.GetUtcNow();
        }
        else if (run.Status == RunStatus.Running)
        {
            run.CancelRequested = true;
        }
        else
        {
            return;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (training.TryGetValue(runId, out var source))
        {
            await source.CancelAsync();
        }

        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, runId.ToString(), userId, clock.GetUtcNow()));
    }

    /// <summary>Queues an interrupted or cancelled run again; it continues from its last epoch's checkpoint.</summary>
    public async Task ResumeAsync(string userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var run = await db.Set<TrainingRun>().SingleOrDefaultAsync(r => r.Id == runId && r.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new WorkspaceNotFoundException();
        if (run.Status is not (RunStatus.Interrupted or RunStatus.Cancelled or RunStatus.Failed))
        {
            return;
        }

        // Metrics after the checkpoint will be measured again.
        var checkpointed = Trainer.CheckpointEpochs(CheckpointFolder(runId));
        await db.Set<RunMetric>().Where(m => m.RunId == runId && m.Epoch > checkpointed).ExecuteDeleteAsync(cancellationToken);
        run.Status = RunStatus.Queued;
        run.CancelRequested = false;
        run.Error = null;
        run.FinishedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<TrainingJob>(job => job.RunAsync(run.Id, CancellationToken.None));
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, runId.ToString(), userId, clock.GetUtcNow()));
    }

    /// <summary>Class probabilities of a finished run's model for one 28 × 28 grey image (object bright on dark).</summary>
    public async Task<float[]?> PredictAsync(string? userId, Guid workspaceId, Guid runId, byte[] pixels, CancellationToken cancellationToken = default)
    {
        if (pixels.Length != 28 * 28)
        {
            throw new InputRejectedException("Image", "Lab.Error.ImageSize", 28, 28);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, userId, workspaceId, runId, cancellationToken);
        if (run is null || run.Status != RunStatus.Completed)
        {
            return null;
        }

        return await torchThreads.ServeAsync(() => models.Use(runId, ModelFolder(runId), model => model.Predict(pixels)));
    }

    /// <summary>The run's export: a zip for PyTorch (weights, spec, loader script), or the spec JSON alone.</summary>
    public async Task<(byte[] Content, string ContentType, string FileName)?> ExportAsync(string? userId, Guid workspaceId, Guid runId, bool specOnly,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await FindAsync(db, userId, workspaceId, runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var fileStem = $"run-{run.Id.ToString("N")[..8]}";
        if (specOnly)
        {
            return (System.Text.Encoding.UTF8.GetBytes(run.SpecJson), "application/json", fileStem + "-spec.json");
        }

        if (run.Status != RunStatus.Completed)
        {
            return null;
        }

        var archive = await torchThreads.ServeAsync(() => models.Use(runId, ModelFolder(runId), model =>
        {
            using var buffer = new MemoryStream();
            PyTorchExport.WriteArchive(model, buffer);
            return buffer.ToArray();
        }));
        return (archive, "application/zip", fileStem + "-pytorch.zip");
    }

    /// <summary>Runs left Running by a process that stopped become Interrupted; called once at start.</summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Set<TrainingRun>().Where(r => r.Status == RunStatus.Running).ToListAsync(cancellationToken);
        foreach (var run in stranded)
        {
            run.Status = RunStatus.Interrupted;
            run.EtaSeconds = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return stranded.Count;
    }

    /// <summary>Trains a queued run; the job engine calls this. <paramref name="shutdown"/> fires when the server stops.</summary>
    public async Task ExecuteAsync(Guid runId, CancellationToken shutdown)
    {
        var now = clock.GetUtcNow();
        TrainingRun run;
        await using (var db = await contextFactory.CreateDbContextAsync(shutdown))
        {
            // Only a queued run starts: a cancelled one, or a job the engine delivers again, does nothing.
            var started = await db.Set<TrainingRun>().Where(r => r.Id == runId && r.Status == RunStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.StartedAt, now), shutdown);
            if (started == 0)
            {
                return;
            }

            run = await db.Set<TrainingRun>().AsNoTracking().SingleAsync(r => r.Id == runId, shutdown);
        }

        using var userCancel = new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(userCancel.Token, shutdown);
        training[runId] = userCancel;
        await PublishAsync(run, now);
        try
        {
            var outcome = await TrainAndRecordAsync(run, userCancel, either.Token);
            await FinishAsync(runId, outcome);
        }
        catch (OperationCanceledException)
        {
            // A member's cancel, or the server stopping: then the last checkpoint stays and the run can resume.
            var cancelled = userCancel.IsCancellationRequested || await CancelRequestedAsync(runId);
            await SetStatusAsync(runId, cancelled ? RunStatus.Cancelled : RunStatus.Interrupted, null);
        }
        catch (Exception error)
        {
            // Whatever went wrong (a spec, a data set, libtorch), the run must not stay Running.
            logger.LogWarning(error, "Training run {RunId} failed", runId);
            await SetStatusAsync(runId, RunStatus.Failed, error.Message);
        }
        finally
        {
            training.TryRemove(runId, out _);
            await PublishAsync(run, clock.GetUtcNow());
        }
    }

    private sealed record TrainingOutcome(EvaluationResult Evaluation, double TrainSamplesPerSecond, double InferSamplesPerSecond, long ModelBytes);

    /// <summary>How often a training run's progress is written and announced at most.</summary>
    private static readonly TimeSpan RecordInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Trains on a training thread while another stores and publishes the progress it reports: the training
    /// loop only hands each report over, so database writes never hold up a batch.
    /// </summary>
    private async Task<TrainingOutcome> TrainAndRecordAsync(TrainingRun run, CancellationTokenSource userCancel, CancellationToken cancellation)
    {
        var reports = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var trainingEnded = new CancellationTokenSource();
        var recorder = Task.Run(() => RecordAsync(run, reports.Reader, userCancel, trainingEnded.Token), CancellationToken.None);
        try
        {
            return await torchThreads.TrainAsync(() => Train(run, reports.Writer, cancellation));
        }
        finally
        {
            reports.Writer.TryComplete();
            await trainingEnded.CancelAsync();
            await recorder;
        }
    }

    private TrainingOutcome Train(TrainingRun run, ChannelWriter<TrainingProgress> reports, CancellationToken cancellation)
    {
        TorchRuntime.SetThreadsForThisThread(Options.ResolveTorchThreads());
        var spec = ModelSpec.FromJson(run.SpecJson);
        var trainingOptions = JsonSerializer.Deserialize<TrainingOptions>(run.OptionsJson)!;
        var (train, test) = datasets.Load(run.DatasetKey);
        using var data = PreparedData.Prepare(train, test, ValidationShare, trainingOptions.Seed, run.MaxTrainingImages);
        var speeds = new List<double>();
        using var model = Trainer.Train(spec, data, trainingOptions, progress =>
        {
            if (progress.IsEpochEnd)
            {
                speeds.Add(progress.SamplesPerSecond);
            }

            reports.TryWrite(progress);
        }, CheckpointFolder(run.Id), cancellation);

        cancellation.ThrowIfCancellationRequested();
        var evaluation = Evaluator.Evaluate(model, data);
        var inferSpeed = MeasureInference(model, data);
        var folder = ModelFolder(run.Id);
        model.Save(folder);
        var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        return new TrainingOutcome(evaluation, speeds.Count == 0 ? 0 : speeds.Average(), inferSpeed, bytes);
    }

    /// <summary>Samples per second through the trained network in batches of 256, as served.</summary>
    private static double MeasureInference(TrainedModel model, PreparedData data)
    {
        var clock = Stopwatch.StartNew();
        Trainer.Measure(model.Network, data.TestImages, data.TestLabels);
        return data.TestImages.shape[0] / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
    }

    /// <summary>
    /// Stores the reports as metric rows and the latest as the run's progress, tells open pages, and passes on a
    /// cancel asked for on another node. A fast run reports every few dozen milliseconds; writing and publishing
    /// each report took CPU the training needed, so the reports that arrive within <see cref="RecordInterval"/>
    /// are written together, in one transaction, and announced once.
    /// </summary>
    private async Task RecordAsync(TrainingRun run, ChannelReader<TrainingProgress> reports, CancellationTokenSource userCancel, CancellationToken trainingEnded)
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
            await events.PublishAsync(new WorkspaceChange(run.WorkspaceId, Topic, run.Id.ToString(), run.CreatedById, now) { Changes = update });
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

    private async Task FinishAsync(Guid runId, TrainingOutcome outcome)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var run = await db.Set<TrainingRun>().SingleAsync(r => r.Id == runId);
        var now = clock.GetUtcNow();
        run.Status = RunStatus.Completed;
        run.FinishedAt = now;
        run.Progress = 1;
        run.EtaSeconds = 0;
        run.TestAccuracy = outcome.Evaluation.Accuracy;
        run.TestLoss = outcome.Evaluation.Loss;
        run.TrainSamplesPerSecond = outcome.TrainSamplesPerSecond;
        run.InferSamplesPerSecond = outcome.InferSamplesPerSecond;
        run.EvaluationJson = JsonSerializer.Serialize(outcome.Evaluation);
        db.Add(new ModelArtifact { RunId = runId, Kind = ArtifactKind.Model, RelativePath = Path.Combine("runs", runId.ToString("N"), "model"), Bytes = outcome.ModelBytes, CreatedAt = now });
        db.Add(new ModelArtifact { RunId = runId, Kind = ArtifactKind.Checkpoints, RelativePath = Path.Combine("runs", runId.ToString("N"), "checkpoints"), CreatedAt = now });
        await db.SaveChangesAsync();
    }

    private async Task SetStatusAsync(Guid runId, RunStatus status, string? error)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        await db.Set<TrainingRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.EtaSeconds, (double?)null)
            .SetProperty(r => r.FinishedAt, status == RunStatus.Interrupted ? null : now));
    }

    private async Task<bool> CancelRequestedAsync(Guid runId)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        return await db.Set<TrainingRun>().Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleAsync();
    }

    private Task PublishAsync(TrainingRun run, DateTimeOffset at) =>
        events.PublishAsync(new WorkspaceChange(run.WorkspaceId, Topic, run.Id.ToString(), run.CreatedById, at));

    private string CheckpointFolder(Guid runId) => Path.Combine(RunsFolder, runId.ToString("N"), "checkpoints");

    private string ModelFolder(Guid runId) => Path.Combine(RunsFolder, runId.ToString("N"), "model");

    private static async Task<TrainingRun?> FindAsync(PortalDbContext db, string? userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken)
    {
        if (userId is null || await WorkspaceService.ResolveAccessAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await db.Set<TrainingRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.WorkspaceId == workspaceId, cancellationToken);
    }

    private async Task<DatasetInfo?> AvailableDatasetAsync(PortalDbContext db, Guid workspaceId, string key, CancellationToken cancellationToken)
    {
        if (key == LabDatasets.FashionMnist)
        {
            return datasets.FashionMnistInfo();
        }

        // The stored row says how many images there are; the set itself is read when the run trains, not here.
        var upload = Guid.TryParseExact(key, "N", out var id)
            ? await db.Set<LabDataset>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.WorkspaceId == workspaceId, cancellationToken)
            : null;
        return upload is null ? null : LabDatasets.Describe(upload);
    }

    private static async Task<Dictionary<string, string>> NamesAsync(PortalDbContext db, IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.NameForDisplay, cancellationToken);
    }

    /// <summary>Every queued run's id in the order the job engine takes them (across workspaces; only positions are shown).</summary>
    private static async Task<List<Guid>> QueueAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var queued = await db.Set<TrainingRun>().AsNoTracking().Where(r => r.Status == RunStatus.Queued)
            .Select(r => new { r.Id, r.CreatedAt }).ToListAsync(cancellationToken);
        return [.. queued.OrderBy(r => r.CreatedAt).Select(r => r.Id)];
    }

    private static RunSummary ToSummary(TrainingRun run, IReadOnlyDictionary<string, string> names, List<Guid> queue)
    {
        var position = queue.IndexOf(run.Id);
        return new RunSummary(run.Id, run.Name, run.Status, run.DatasetKey, names.GetValueOrDefault(run.CreatedById, ""), run.CreatedAt, run.StartedAt, run.FinishedAt,
            run.Epoch, run.Epochs, run.Step, run.StepsPerEpoch, run.Progress, run.EtaSeconds, run.TrainSamplesPerSecond, run.InferSamplesPerSecond,
            run.TestAccuracy, run.TestLoss, run.Parameters, run.ForwardFlopsPerSample, run.TrainSamples,
            JsonSerializer.Deserialize<TrainingOptions>(run.OptionsJson)!, run.SpecJson, position < 0 ? null : position + 1, run.Error);
    }

    /// <summary>
    /// Keeps the few most recently used trained models loaded, so the drawing pad answers at once. Used only on
    /// <see cref="TorchThreads"/>' request thread, one call at a time.
    /// </summary>
    private sealed class ModelCache
    {
        private const int Capacity = 4;
        private readonly LinkedList<(Guid RunId, TrainedModel Model)> recent = new();

        public T Use<T>(Guid runId, string folder, Func<TrainedModel, T> work)
        {
            var node = recent.First;
            while (node is not null && node.Value.RunId != runId)
            {
                node = node.Next;
            }

            if (node is null)
            {
                node = new LinkedListNode<(Guid, TrainedModel)>((runId, TrainedModel.Load(folder)));
                if (recent.Count == Capacity)
                {
                    recent.Last!.Value.Model.Dispose();
                    recent.RemoveLast();
                }
            }
            else
            {
                recent.Remove(node);
            }

            recent.AddFirst(node);
            return work(node.Value.Model);
        }
    }
}
