using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.ModelLab;
using Portal.Features.ModelLab.Storage;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

/// <summary>
/// Portal nodes that share one PostgreSQL database and no disk: each has a data folder of its own, and the lab's files
/// travel through the database store. A node is disposed before the next one trains, so that the next one's job
/// engine is the one that takes the run.
/// </summary>
public sealed class LabScaleOutTestsOnPostgres
{
    /// <summary>Short epochs, and enough of them that the run is still training when its node has stopped (which takes a second or so).</summary>
    private static readonly RunRequest ManyEpochs = TrainingServiceTests.ShortRun with { Options = TrainingServiceTests.ShortRun.Options with { Epochs = 20 } };

    [Fact]
    public async Task A_set_uploaded_through_one_node_trains_on_another_and_deleting_it_removes_its_stored_files()
    {
        var database = await TestServers.CreateDatabaseAsync();
        string owner;
        Guid workspaceId;
        DatasetInfo dataset;
        await using (var first = new PostgresNodeFactory(database, seedDemoData: true))
        {
            (owner, workspaceId) = await FounderWorkspaceAsync(first);
            dataset = await first.Services.GetRequiredService<DatasetUploadService>().UploadAsync(owner, workspaceId, "Sketches", [("sketches.csv", LabDatasetTests.Csv(200))]);
        }

        await using var second = new PostgresNodeFactory(database, seedDemoData: false);
        var lab = second.Services.GetRequiredService<TrainingService>();
        var store = second.Services.GetRequiredService<ILabFileStore>();
        var localCopy = Path.Combine(second.DataDirectory, "lab", "datasets", dataset.Key);
        Assert.Equal(LabDatasetTests.Csv(200).Length, await store.SizeAsync(LabFileKeys.Dataset(dataset.Key)));
        Assert.False(Directory.Exists(localCopy));

        var runId = await lab.EnqueueAsync(owner, workspaceId, TrainingServiceTests.ShortRun with
        {
            DatasetKey = dataset.Key,
            MaxTrainingImages = null,
            Options = TrainingServiceTests.ShortRun.Options with { BatchSize = 20 },
        });
        var run = await TrainingServiceTests.WaitForAsync(lab, owner, workspaceId, runId, RunStatus.Completed);
        var evaluation = (await lab.EvaluationAsync(owner, workspaceId, runId))!;

        Assert.Equal(153, run.TrainSamples);
        Assert.Equal(30, evaluation.Result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.True(Directory.Exists(localCopy));

        await second.Services.GetRequiredService<DatasetUploadService>().DeleteAsync(owner, workspaceId, dataset.Key);

        Assert.Empty(await store.ListAsync(LabFileKeys.Dataset(dataset.Key)));
        Assert.False(Directory.Exists(localCopy));
        Assert.DoesNotContain((await lab.DatasetsAsync(owner, workspaceId))!, d => d.Key == dataset.Key);
    }

    [Fact]
    public async Task A_run_stopped_on_one_node_resumes_on_another_from_its_stored_checkpoint_and_its_model_serves_from_any_node()
    {
        var database = await TestServers.CreateDatabaseAsync();
        string owner;
        Guid workspaceId, runId;
        List<long> firstEpochMetrics;
        await using (var first = new PostgresNodeFactory(database, seedDemoData: true))
        {
            var lab = first.Services.GetRequiredService<TrainingService>();
            (owner, workspaceId) = await FounderWorkspaceAsync(first);
            runId = await lab.EnqueueAsync(owner, workspaceId, ManyEpochs);
            await WaitForStoredCheckpointAsync(first, lab, owner, workspaceId, runId);
        }

        await using var second = new PostgresNodeFactory(database, seedDemoData: false);
        var resumed = second.Services.GetRequiredService<TrainingService>();
        var store = second.Services.GetRequiredService<ILabFileStore>();
        Assert.Equal(RunStatus.Interrupted, (await resumed.GetAsync(owner, workspaceId, runId))!.Status);
        Assert.False(Directory.Exists(Path.Combine(resumed.RunsFolder, runId.ToString("N"))));
        // Read once the first node has stopped: its metric rows are written behind its progress reports.
        firstEpochMetrics = [.. (await resumed.MetricsAsync(owner, workspaceId, runId))!.Where(m => m.Epoch == 1).Select(m => m.Id)];

        await resumed.ResumeAsync(owner, workspaceId, runId);
        var done = await TrainingServiceTests.WaitForAsync(resumed, owner, workspaceId, runId, RunStatus.Completed);
        var metrics = (await resumed.MetricsAsync(owner, workspaceId, runId))!;

        Assert.Equal(20, done.Epoch);
        Assert.Equal(Enumerable.Range(1, 20).SelectMany(epoch => Enumerable.Repeat(epoch, 4)), metrics.Select(m => m.Epoch));
        // The first epoch was trained once, on the first node: the second went on from the checkpoint after it.
        Assert.Equal(4, firstEpochMetrics.Count);
        Assert.Equal(firstEpochMetrics, metrics.Where(m => m.Epoch == 1).Select(m => m.Id));
        Assert.Empty(await store.ListAsync(LabFileKeys.Checkpoints(runId)));
        Assert.NotEmpty(await store.ListAsync(LabFileKeys.Model(runId)));
        var image = Enumerable.Range(0, 28 * 28).Select(i => (byte)(i % 251)).ToArray();
        var predicted = (await resumed.PredictAsync(owner, workspaceId, runId, image))!;
        AssertIsPyTorchExport((await resumed.ExportAsync(owner, workspaceId, runId, specOnly: false))!.Value.Content);

        // A node that did not train the run serves its model from the store.
        await using var third = new PostgresNodeFactory(database, seedDemoData: false);
        var elsewhere = third.Services.GetRequiredService<TrainingService>();
        AssertIsPyTorchExport((await elsewhere.ExportAsync(owner, workspaceId, runId, specOnly: false))!.Value.Content);
        Assert.Equal(predicted, (await elsewhere.PredictAsync(owner, workspaceId, runId, image))!);
    }

    private static async Task<(string Owner, Guid WorkspaceId)> FounderWorkspaceAsync(PostgresNodeFactory node)
    {
        var owner = await TestUsers.IdOfAsync(node.Services, "founder.a@portal.local");
        return (owner, (await node.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner, "loomsight"))!.WorkspaceId);
    }

    /// <summary>Waits until the store holds a checkpoint of the run, which the node stores once the next epoch is under way.</summary>
    private static async Task WaitForStoredCheckpointAsync(PostgresNodeFactory node, TrainingService lab, string owner, Guid workspaceId, Guid runId)
    {
        var store = node.Services.GetRequiredService<ILabFileStore>();
        var checkpoint = LabFileKeys.Checkpoints(runId) + "/checkpoint.json";
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(await store.ListAsync(LabFileKeys.Checkpoints(runId))).Contains(checkpoint))
        {
            Assert.NotEqual(RunStatus.Completed, (await lab.GetAsync(owner, workspaceId, runId))!.Status);
            Assert.True(DateTime.UtcNow < deadline, "No checkpoint was stored within 3 minutes.");
            await Task.Delay(20);
        }
    }

    private static void AssertIsPyTorchExport(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.Equal(["load_model.py", "model_state_dict.pt", "spec.json"], archive.Entries.Select(e => e.Name).Order());
    }
}
