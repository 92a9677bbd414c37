using System.IO.Compression;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.Features.ModelLab.Jobs;
using Portal.Features.ModelLab.Storage;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.ModelLab;

public sealed class TrainingServiceTests(WorkspaceWorld world) : TrainingServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TrainingServiceTestsOnPostgres(PostgresWorkspaceWorld world) : TrainingServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class TrainingServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    /// <summary>One short epoch: 1,000 images in batches of 50, metrics every 5 batches.</summary>
    internal static readonly RunRequest ShortRun = new("Baseline", LabDatasets.FashionMnist, ModelSpec.DefaultCnn,
        new TrainingOptions(OptimizerKind.Adam, 1e-3, Epochs: 1, BatchSize: 50, Seed: 5, MetricsEverySteps: 5), MaxTrainingImages: 1000);

    private TrainingService Lab => world.Services.GetRequiredService<TrainingService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task A_queued_run_is_trained_by_the_job_engine_with_its_metrics_and_evaluation_stored()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var subscription = world.RecordChanges(workspace.Id, changes);

        var runId = await Lab.EnqueueAsync(world.Id(Persona.Editor)!, workspace.Id, ShortRun);
        var run = await WaitForAsync(Lab, Owner, workspace.Id, runId, RunStatus.Completed);
        var metrics = (await Lab.MetricsAsync(Owner, workspace.Id, runId))!;
        var evaluation = (await Lab.EvaluationAsync(Owner, workspace.Id, runId))!;

        Assert.Equal((1, 1.0, 20, 20), (run.Epoch, run.Progress, run.Step, run.StepsPerEpoch));
        Assert.Equal(693_962, run.Parameters);
        Assert.Equal([5, 10, 15, 20], metrics.Select(m => m.Step));
        Assert.Equal(1.0, metrics[^1].EpochProgress);
        Assert.NotNull(metrics[^1].ValidationAccuracy);
        Assert.All(metrics, m => Assert.True(m.SamplesPerSecond > 0));
        Assert.InRange(run.TestAccuracy!.Value, 0.4, 1);
        Assert.Equal(run.TestAccuracy, evaluation.Result.Accuracy);
        Assert.Equal(1000, evaluation.Result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal("Ankle boot", evaluation.ClassNames[9]);
        Assert.True(run.TrainSamplesPerSecond > 0 && run.InferSamplesPerSecond > 0);
        // A completed run keeps its model and nothing to resume from.
        Assert.False(Directory.Exists(Path.Combine(Lab.RunsFolder, runId.ToString("N"), "checkpoints")));
        Assert.True(Directory.Exists(Path.Combine(Lab.RunsFolder, runId.ToString("N"), "model")));
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == TrainingService.Topic && c.ItemId == runId.ToString()) >= 5);
        // Every stored point travelled in an event, so open pages need no query to extend their charts.
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => CarriedPoints(seen, runId).Count() == metrics.Count);
        lock (changes)
        {
            Assert.Equal(metrics.Select(m => m.Id), CarriedPoints(changes, runId).Select(p => p.Id));
            Assert.Equal(1.0, changes.Select(c => c.Changes).OfType<RunProgressUpdate>().Last(u => u.RunId == runId).Progress);
        }

        // What the finished run offers: predictions, a gallery image, the PyTorch export.
        var mistake = evaluation.Result.MostConfidentMistakes[0];
        var png = (await Lab.TestImagePngAsync(Owner, workspace.Id, runId, mistake.TestIndex))!;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var probabilities = (await Lab.PredictAsync(Owner, workspace.Id, runId, new byte[28 * 28]))!;
        Assert.Equal(10, probabilities.Length);
        Assert.Equal(1, probabilities.Sum(), 3);
        var export = (await Lab.ExportAsync(Owner, workspace.Id, runId, specOnly: false))!.Value;
        using var archive = new ZipArchive(new MemoryStream(export.Content));
        Assert.Equal(["load_model.py", "model_state_dict.pt", "spec.json"], archive.Entries.Select(e => e.Name).Order());
        await Assert.ThrowsAsync<InputRejectedException>(() => Lab.PredictAsync(Owner, workspace.Id, runId, new byte[100]));
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Only_editors_train_and_only_members_and_the_cohort_instructor_see_runs(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var runId = await Lab.EnqueueAsync(Owner, workspace.Id, ShortRun with { Name = "Owner's run" });
        await WaitForAsync(Lab, Owner, workspace.Id, runId, RunStatus.Completed);
        var user = world.Id(persona);

        string outcome;
        try
        {
            outcome = await AccessOutcome.OfAsync(() => Lab.EnqueueAsync(user ?? "", workspace.Id, ShortRun with { Options = ShortRun.Options with { Epochs = 0 } }));
        }
        catch (InputRejectedException)
        {
            outcome = "invalid";
        }

        var canSee = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);

        // An allowed user reaches the validation (epochs 0 is refused); the others are stopped before it.
        Assert.Equal(allowed ? "invalid" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found", outcome);
        Assert.Equal(canSee, await Lab.ListAsync(user, workspace.Id) is { Count: 1 });
        Assert.Equal(canSee, await Lab.GetAsync(user, workspace.Id, runId) is not null);
        Assert.Equal(canSee, await Lab.MetricsAsync(user, workspace.Id, runId) is not null);
        Assert.Equal(canSee, await Lab.EvaluationAsync(user, workspace.Id, runId) is not null);
        Assert.Equal(canSee, await Lab.PredictAsync(user, workspace.Id, runId, new byte[784]) is not null);
        Assert.Equal(canSee, await Lab.ExportAsync(user, workspace.Id, runId, specOnly: true) is not null);
        Assert.Equal(canSee, await Lab.TestImagePngAsync(user, workspace.Id, runId, 0) is not null);
        Assert.Equal(canSee, await Lab.DatasetsAsync(user, workspace.Id) is not null);
        // A run id from another workspace reveals nothing either.
        var other = await world.NewWorkspaceAsync();
        Assert.Null(await Lab.GetAsync(Owner, other.Id, runId));
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_every_reason_and_nothing_is_queued()
    {
        var workspace = await world.NewWorkspaceAsync();
        var broken = new ModelSpec(1, 28, 28, 10, [LayerSpec.Conv(8, 3), LayerSpec.Dense(10)]);

        var error = await Assert.ThrowsAsync<InputRejectedException>(() => Lab.EnqueueAsync(Owner, workspace.Id,
            new RunRequest(" ", "no-such-set", broken, new TrainingOptions(LearningRate: 0, Epochs: 99), null)));

        Assert.Equal(["Name", "Spec", "LearningRate", "Epochs", "Dataset"], error.Errors.Select(e => e.Field).Distinct());
        Assert.Contains(error.Errors, e => e.MessageKey == "Lab.Error.Spec" && ((string)e.Arguments[0]).Contains("Flatten", StringComparison.Ordinal));
        Assert.Empty((await Lab.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task A_user_may_queue_only_so_many_runs_and_a_queued_run_can_be_cancelled()
    {
        var workspace = await world.NewWorkspaceAsync();
        var editor = world.Id(Persona.Editor)!;
        var slow = ShortRun with { Options = ShortRun.Options with { Epochs = 20 }, MaxTrainingImages = null };
        var ids = new List<Guid>();
        for (var i = 0; i < Lab.Options.MaxQueuedRunsPerUser; i++)
        {
            ids.Add(await Lab.EnqueueAsync(editor, workspace.Id, slow with { Name = $"Run {i}" }));
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Lab.EnqueueAsync(editor, workspace.Id, slow));
        foreach (var id in ids)
        {
            await Lab.CancelAsync(editor, workspace.Id, id);
        }

        Assert.Equal("Lab.Error.TooManyQueued", Assert.Single(refused.Errors).MessageKey);
        foreach (var id in ids)
        {
            await WaitForAsync(Lab, editor, workspace.Id, id, RunStatus.Cancelled);
        }

        // With the queue free again the same user may train.
        var next = await Lab.EnqueueAsync(editor, workspace.Id, ShortRun);
        await Lab.CancelAsync(editor, workspace.Id, next);
        await WaitForAsync(Lab, editor, workspace.Id, next, RunStatus.Cancelled);
    }

    [Fact]
    public async Task A_team_s_second_run_starts_after_another_team_s_first_however_quickly_it_was_queued()
    {
        var first = await world.NewWorkspaceAsync();
        var second = await world.NewWorkspaceAsync();
        var busy = await world.NewWorkspaceAsync();
        var editor = world.Id(Persona.Editor)!;
        // A long run holds the one training slot while both teams queue, as in a workshop.
        var blocker = await Lab.EnqueueAsync(editor, busy.Id, ShortRun with { Options = ShortRun.Options with { Epochs = 20 }, MaxTrainingImages = null });
        await WaitForAsync(Lab, editor, busy.Id, blocker, RunStatus.Running);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Lab.EnqueueAsync(Owner, first.Id, ShortRun with { Name = $"First team {i}" }));
        }

        var otherTeam = await Lab.EnqueueAsync(editor, second.Id, ShortRun with { Name = "Second team" });
        // The queue as shown, before anything moves: the other team's first run is second in line, not fourth.
        Assert.Equal(2, (await Lab.ListAsync(editor, second.Id))!.Single(r => r.Id == otherTeam).QueuePosition);
        await Lab.CancelAsync(editor, busy.Id, blocker);

        var started = new List<(Guid Id, DateTimeOffset At)>();
        foreach (var (workspace, user, id) in ids.Select(id => (first.Id, Owner, id)).Append((second.Id, editor, otherTeam)))
        {
            var done = await WaitForAsync(Lab, user, workspace, id, RunStatus.Completed);
            started.Add((id, done.StartedAt!.Value));
        }

        Assert.Equal([ids[0], otherTeam, ids[1], ids[2]], started.OrderBy(s => s.At).Select(s => s.Id));
    }

    [Fact]
    public async Task Checkpoints_a_completed_run_kept_from_before_are_deleted_at_start_and_an_interrupted_runs_stay()
    {
        var workspace = await world.NewWorkspaceAsync();
        var completed = await Lab.EnqueueAsync(Owner, workspace.Id, ShortRun);
        await WaitForAsync(Lab, Owner, workspace.Id, completed, RunStatus.Completed);
        // Long enough that the cancel always comes first (a short run could finish before it on an idle machine).
        var cancelled = await Lab.EnqueueAsync(Owner, workspace.Id, ShortRun with { Options = ShortRun.Options with { Epochs = 20 }, MaxTrainingImages = null });
        await Lab.CancelAsync(Owner, workspace.Id, cancelled);
        await WaitForAsync(Lab, Owner, workspace.Id, cancelled, RunStatus.Cancelled);
        var kept = Path.Combine(Lab.RunsFolder, completed.ToString("N"), "checkpoints");
        var resumable = Path.Combine(Lab.RunsFolder, cancelled.ToString("N"), "checkpoints");
        foreach (var folder in new[] { kept, resumable })
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "checkpoint.json"), "{}");
        }

        var removed = await world.Services.GetRequiredService<RunFiles>().RemoveFinishedCheckpointsAsync();

        Assert.True(removed >= 1);
        Assert.False(Directory.Exists(kept));
        Assert.True(Directory.Exists(resumable));
    }

    [Fact]
    public async Task The_job_of_a_run_a_stopped_process_left_training_ends_when_the_run_is_marked_interrupted()
    {
        var workspace = await world.NewWorkspaceAsync();
        var runId = await Lab.EnqueueAsync(Owner, workspace.Id, ShortRun);
        await WaitForAsync(Lab, Owner, workspace.Id, runId, RunStatus.Completed);
        // As a crash leaves them: the run Running, its job Processing on a server that is gone.
        var contexts = world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Set<TrainingRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running));
        }

        var storage = world.Services.GetRequiredService<JobStorage>();
        var jobs = world.Services.GetRequiredService<IBackgroundJobClient>();
        var stranded = jobs.Create(Job.FromExpression<TrainingJob>(job => job.TrainNextAsync(CancellationToken.None)), new ProcessingOn("crashed-server"));

        var interrupted = await world.Services.GetRequiredService<InterruptedRuns>().MarkAsync();

        using var connection = storage.GetConnection();
        Assert.Equal(1, interrupted);
        Assert.Equal(RunStatus.Interrupted, (await Lab.GetAsync(Owner, workspace.Id, runId))!.Status);
        Assert.Equal(DeletedState.StateName, connection.GetStateData(stranded).Name);
    }

    /// <summary>Hangfire's own ProcessingState is made only by its workers; this one reads the same in storage.</summary>
    private sealed class ProcessingOn(string serverId) : IState
    {
        public string Name => ProcessingState.StateName;

        public string? Reason => null;

        public bool IsFinal => false;

        public bool IgnoreJobLoadException => false;

        public Dictionary<string, string> SerializeData() => new()
        {
            ["StartedAt"] = JobHelper.SerializeDateTime(DateTime.UtcNow),
            ["ServerId"] = serverId,
            ["WorkerId"] = "worker-1",
        };
    }

    internal static async Task<RunSummary> WaitForAsync(TrainingService lab, string userId, Guid workspaceId, Guid runId, RunStatus status)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var run = (await lab.GetAsync(userId, workspaceId, runId))!;
            if (run.Status == status)
            {
                return run;
            }

            Assert.True(run.Status is RunStatus.Queued or RunStatus.Running, $"run ended {run.Status} ({run.Error}), expected {status}");
            Assert.True(DateTime.UtcNow < deadline, $"run still {run.Status} after 3 minutes");
            await Task.Delay(100);
        }
    }

    private static IEnumerable<MetricPoint> CarriedPoints(IEnumerable<WorkspaceChange> changes, Guid runId) =>
        changes.Select(c => c.Changes).OfType<RunProgressUpdate>().Where(u => u.RunId == runId).SelectMany(u => u.Points);
}

/// <summary>A portal whose process stops while a run trains, and starts again on the same data.</summary>
public sealed class TrainingRestartTests
{
    [Fact]
    public async Task A_run_left_running_by_a_stopped_process_is_interrupted_and_resumes_from_its_checkpoint()
    {
        Guid runId, workspaceId;
        string owner;
        DateTimeOffset firstStart;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        var twoEpochs = TrainingServiceTests.ShortRun with { Options = TrainingServiceTests.ShortRun.Options with { Epochs = 2 } };
        using (var first = PortalAppFactory.OnDataDirectory(dataDirectory, keepData: true))
        {
            var lab = first.Services.GetRequiredService<TrainingService>();
            owner = await TestUsers.IdOfAsync(first.Services, "founder.a@portal.local");
            workspaceId = (await first.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner, "loomsight"))!.WorkspaceId;
            runId = await lab.EnqueueAsync(owner, workspaceId, twoEpochs);
            var checkpoints = Path.Combine(lab.RunsFolder, runId.ToString("N"), "checkpoints");
            while (Trainer.CheckpointEpochs(checkpoints) < 1)
            {
                Assert.NotEqual(RunStatus.Completed, (await lab.GetAsync(owner, workspaceId, runId))!.Status);
                await Task.Delay(20);
            }

            firstStart = (await lab.GetAsync(owner, workspaceId, runId))!.StartedAt!.Value;
        }

        // The first host stopped as a crash would leave it: the run still marked Running.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "portal.db")}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "UPDATE TrainingRun SET Status = 'Running' WHERE Id = $id";
            command.Parameters.AddWithValue("$id", runId.ToString().ToUpperInvariant());
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();
        using var second = PortalAppFactory.OnDataDirectory(dataDirectory, keepData: false);
        var restarted = second.Services.GetRequiredService<TrainingService>();

        Assert.Equal(RunStatus.Interrupted, (await restarted.GetAsync(owner, workspaceId, runId))!.Status);
        await restarted.ResumeAsync(owner, workspaceId, runId);
        var done = await TrainingServiceTests.WaitForAsync(restarted, owner, workspaceId, runId, RunStatus.Completed);
        var metrics = (await restarted.MetricsAsync(owner, workspaceId, runId))!;

        Assert.Equal(2, done.Epoch);
        Assert.Equal([5, 10, 15, 20, 5, 10, 15, 20], metrics.Select(m => m.Step));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], metrics.Select(m => m.Epoch));
        Assert.False(Directory.Exists(Path.Combine(restarted.RunsFolder, runId.ToString("N"), "checkpoints")));
        // The resume kept the run's start, and its duration and speed count the epoch trained before the stop too.
        Assert.Equal(firstStart, done.StartedAt);
        EpochSpeed[] epochs = [.. metrics.Where(m => m.Step == 20).Select(m => new EpochSpeed(m.Step, m.SamplesPerSecond))];
        Assert.Equal(TrainingRunner.OverallSamplesPerSecond(epochs), done.TrainSamplesPerSecond!.Value, 6);
        Assert.True(done.TrainingSeconds >= epochs.Sum(e => e.Steps * 50 / e.SamplesPerSecond),
            $"{done.TrainingSeconds} s of training for two epochs of {string.Join(" and ", epochs.Select(e => $"{e.Steps * 50 / e.SamplesPerSecond:0.00} s"))}");
    }
}
