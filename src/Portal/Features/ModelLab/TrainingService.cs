using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.ModelLab.Storage;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.ModelLab.Evaluation;
using Portal.ModelLab.Export;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab;

/// <summary>
/// The model lab's runs: queues them on the job engine (where <see cref="Jobs.TrainingRunner"/> trains them), lists them
/// with their metrics and evaluation, cancels and resumes them, predicts and exports.
/// Every call checks that the user may see (or change) the workspace.
/// </summary>
public sealed class TrainingService(
    IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck,
    IWorkspaceEvents events,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    LabDatasets datasets,
    TorchThreads torchThreads,
    TrainingHere trainingHere,
    RunFiles runFiles,
    IOptions<ModelLabOptions> options)
{
    public const string Topic = "lab";
    public const double ValidationShare = 0.1;

    private readonly ModelCache models = new();

    public string RunsFolder => runFiles.RunsFolder;

    public ModelLabOptions Options => options.Value;

    public async Task<IReadOnlyList<RunSummary>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
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

        await runFiles.FetchDatasetAsync(run.DatasetKey, cancellationToken);
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

        await runFiles.FetchDatasetAsync(run.DatasetKey, cancellationToken);
        var test = datasets.Load(run.DatasetKey).Test;
        return testIndex < 0 || testIndex >= test.Count ? null : GreyPng.Encode(test.Image(testIndex), test.Columns, test.Rows);
    }

    public async Task<IReadOnlyList<DatasetInfo>?> DatasetsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
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
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
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
        jobs.Enqueue<TrainingJob>(job => job.TrainNextAsync(CancellationToken.None));
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, run.Id.ToString(), userId, now));
        return run.Id;
    }

    /// <summary>Stops a queued or training run; training stops within a batch.</summary>
    public async Task CancelAsync(string userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
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
        await trainingHere.CancelAsync(runId);

        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, runId.ToString(), userId, clock.GetUtcNow()));
    }

    /// <summary>Queues an interrupted or cancelled run again; it continues from its last epoch's checkpoint.</summary>
    public async Task ResumeAsync(string userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var run = await db.Set<TrainingRun>().SingleOrDefaultAsync(r => r.Id == runId && r.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new WorkspaceNotFoundException();
        if (run.Status is not (RunStatus.Interrupted or RunStatus.Cancelled or RunStatus.Failed))
        {
            return;
        }

        // Metrics after the checkpoint will be measured again.
        var checkpointed = Trainer.CheckpointEpochs(await runFiles.FetchCheckpointAsync(runId, cancellationToken));
        await db.Set<RunMetric>().Where(m => m.RunId == runId && m.Epoch > checkpointed).ExecuteDeleteAsync(cancellationToken);
        run.Status = RunStatus.Queued;
        run.CancelRequested = false;
        run.Error = null;
        run.FinishedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<TrainingJob>(job => job.TrainNextAsync(CancellationToken.None));
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

        var folder = await runFiles.FetchModelAsync(runId, cancellationToken);
        return await torchThreads.ServeAsync(() => models.Use(runId, folder, model => model.Predict(pixels)));
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

        var folder = await runFiles.FetchModelAsync(runId, cancellationToken);
        var archive = await torchThreads.ServeAsync(() => models.Use(runId, folder, model =>
        {
            using var buffer = new MemoryStream();
            PyTorchExport.WriteArchive(model, buffer);
            return buffer.ToArray();
        }));
        return (archive, "application/zip", fileStem + "-pytorch.zip");
    }

    private async Task<TrainingRun?> FindAsync(PortalDbContext db, string? userId, Guid workspaceId, Guid runId, CancellationToken cancellationToken)
    {
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
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

    /// <summary>Every queued run's id in the order they will start (across workspaces; only positions are shown).</summary>
    private async Task<List<Guid>> QueueAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        [.. await FairTurns.OrderAsync(db, clock.GetUtcNow(), cancellationToken)];

    private static RunSummary ToSummary(TrainingRun run, IReadOnlyDictionary<string, string> names, List<Guid> queue)
    {
        var position = queue.IndexOf(run.Id);
        return new RunSummary(run.Id, run.Name, run.Status, run.DatasetKey, names.GetValueOrDefault(run.CreatedById, ""), run.CreatedAt, run.StartedAt, run.FinishedAt,
            run.Epoch, run.Epochs, run.Step, run.StepsPerEpoch, run.Progress, run.EtaSeconds, run.TrainSamplesPerSecond, run.InferSamplesPerSecond,
            run.TestAccuracy, run.TestLoss, run.Parameters, run.ForwardFlopsPerSample, run.TrainSamples,
            JsonSerializer.Deserialize<TrainingOptions>(run.OptionsJson)!, run.SpecJson, position < 0 ? null : position + 1, run.Error, run.TrainingSeconds, run.MaxTrainingImages);
    }
}
