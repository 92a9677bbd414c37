using Hangfire;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

/// <summary>
/// A worker that dies mid-run stops beating on its run, and the other nodes mark the run Interrupted; a worker that
/// lives keeps its run, and one whose run was taken for lost stops training it.
/// </summary>
public sealed class LostRunsTestsOnPostgres
{
    private const double HeartbeatSeconds = 0.3;
    private const double LostAfterSeconds = 3;

    private static readonly RunRequest ManyEpochs = TrainingServiceTests.ShortRun with { Options = TrainingServiceTests.ShortRun.Options with { Epochs = 20 } };

    [Fact]
    public async Task A_run_left_running_by_a_dead_worker_is_marked_interrupted_by_a_web_node_and_its_page_is_told()
    {
        var database = await TestServers.CreateDatabaseAsync();
        await using var web = Node(database, PortalRole.Web, seedDemoData: true);
        var (owner, workspaceId) = await FounderWorkspaceAsync(web);
        var lab = web.Services.GetRequiredService<TrainingService>();
        var lost = await lab.EnqueueAsync(owner, workspaceId, TrainingServiceTests.ShortRun);
        var alive = await lab.EnqueueAsync(owner, workspaceId, TrainingServiceTests.ShortRun with { Name = "Alive" });
        var changes = new List<WorkspaceChange>();
        using var page = web.Services.GetRequiredService<IWorkspaceEvents>().Subscribe(workspaceId, change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }

            return Task.CompletedTask;
        });

        // What a worker killed 40 s after it started, 10 s after its last heartbeat, leaves in the database; and a
        // run whose worker beat a moment ago.
        var now = DateTimeOffset.UtcNow;
        await using (var db = await Contexts(web).CreateDbContextAsync())
        {
            await db.Set<TrainingRun>().Where(r => r.Id == lost).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.StartedAt, now.AddSeconds(-40))
                .SetProperty(r => r.AttemptStartedAt, now.AddSeconds(-40))
                .SetProperty(r => r.HeartbeatAt, now.AddSeconds(-10)));
            await db.Set<TrainingRun>().Where(r => r.Id == alive).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.AttemptStartedAt, now.AddSeconds(-40))
                .SetProperty(r => r.HeartbeatAt, now.AddDays(1)));
        }

        var interrupted = await TrainingServiceTests.WaitForAsync(lab, owner, workspaceId, lost, RunStatus.Interrupted);

        // The attempt is counted up to its last heartbeat.
        Assert.Equal(30, interrupted.TrainingSeconds, precision: 1);
        Assert.Null(interrupted.EtaSeconds);
        Assert.Equal(RunStatus.Running, (await lab.GetAsync(owner, workspaceId, alive))!.Status);
        await WaitUntilAsync(() =>
        {
            lock (changes)
            {
                return Task.FromResult(changes.Any(c => c.Topic == TrainingService.Topic && c.ItemId == lost.ToString()));
            }
        }, "the lab page was told");
    }

    [Fact]
    public async Task A_live_worker_keeps_its_run_however_long_it_trains_and_a_run_taken_for_lost_stops_training_on_its_worker()
    {
        var database = await TestServers.CreateDatabaseAsync();
        await using var web = Node(database, PortalRole.Web, seedDemoData: true);
        await using var worker = Node(database, PortalRole.Worker, seedDemoData: false);
        var (owner, workspaceId) = await FounderWorkspaceAsync(web);
        var lab = web.Services.GetRequiredService<TrainingService>();
        // Reading the worker's services starts it, and its job server with it.
        var monitoring = worker.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        // Trains for several lost-after periods while the web node sweeps: its heartbeats keep it Running.
        var kept = await lab.EnqueueAsync(owner, workspaceId, ManyEpochs with { Options = ManyEpochs.Options with { Epochs = 8 } });
        var completed = await TrainingServiceTests.WaitForAsync(lab, owner, workspaceId, kept, RunStatus.Completed);
        Assert.Equal(8, completed.Epoch);

        // A run the other nodes took for lost (as when its worker's heartbeats were held up) stops on its worker
        // rather than finish behind the Interrupted the members see; the worker's one job slot is free again.
        var takenForLost = await lab.EnqueueAsync(owner, workspaceId, ManyEpochs with { Name = "Taken for lost" });
        await WaitUntilAsync(async () => (await lab.GetAsync(owner, workspaceId, takenForLost))!.Epoch >= 2, "the run trains its second epoch");
        await using (var db = await Contexts(web).CreateDbContextAsync())
        {
            await db.Set<TrainingRun>().Where(r => r.Id == takenForLost).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Interrupted));
        }

        await WaitUntilAsync(() => Task.FromResult(monitoring.ProcessingCount() == 0), "the worker's training job ended");
        var stopped = (await lab.GetAsync(owner, workspaceId, takenForLost))!;
        Assert.Equal(RunStatus.Interrupted, stopped.Status);
        Assert.True(stopped.Epoch < 20, $"The run trained on to epoch {stopped.Epoch} after it was marked Interrupted.");

        await lab.ResumeAsync(owner, workspaceId, takenForLost);
        Assert.Equal(20, (await TrainingServiceTests.WaitForAsync(lab, owner, workspaceId, takenForLost, RunStatus.Completed)).Epoch);
    }

    /// <summary>A node with heartbeats quick enough that a lost run shows in seconds.</summary>
    private static PostgresNodeFactory Node(string database, PortalRole role, bool seedDemoData) =>
        new(database, seedDemoData, role, new Dictionary<string, string>
        {
            ["ModelLab:RunHeartbeatSeconds"] = HeartbeatSeconds.ToString(CultureInfo.InvariantCulture),
            ["ModelLab:RunLostAfterSeconds"] = LostAfterSeconds.ToString(CultureInfo.InvariantCulture),
        });

    private static IDbContextFactory<PortalDbContext> Contexts(PostgresNodeFactory node) =>
        node.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private static async Task<(string Owner, Guid WorkspaceId)> FounderWorkspaceAsync(PostgresNodeFactory node)
    {
        var owner = await TestUsers.IdOfAsync(node.Services, "founder.a@portal.local");
        return (owner, (await node.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner, "loomsight"))!.WorkspaceId);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 3 minutes in vain: {what}.");
            await Task.Delay(50);
        }
    }
}
