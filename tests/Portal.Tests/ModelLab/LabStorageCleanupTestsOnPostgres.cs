using Microsoft.Extensions.DependencyInjection;
using Portal.Features.ModelLab;
using Portal.Features.ModelLab.Storage;
using Portal.Tests.Workspaces;

namespace Portal.Tests.ModelLab;

/// <summary>The start-up cleanups with the database store: they work on the store and on this node's copies.</summary>
public sealed class LabStorageCleanupTestsOnPostgres(PostgresWorkspaceWorld world) : IClassFixture<PostgresWorkspaceWorld>
{
    private ILabFileStore Store => world.Services.GetRequiredService<ILabFileStore>();

    private LabFiles Files => world.Services.GetRequiredService<LabFiles>();

    private DatasetUploadService Uploads => world.Services.GetRequiredService<DatasetUploadService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task Stored_files_no_data_set_owns_go_and_an_upload_whose_row_was_saved_is_stored_again()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kept = await Uploads.UploadAsync(Owner, workspace.Id, "Kept", [("kept.csv", LabDatasetTests.Csv(200))]);
        var late = await Uploads.UploadAsync(Owner, workspace.Id, "Saved, not yet stored", [("late.csv", LabDatasetTests.Csv(200))]);
        // What a stopped node leaves: files in the store and a copy on disk that no row owns, and a set whose row was
        // saved just before the node stopped, its files still in the temporary folder and not yet in the store.
        var stray = LabFileKeys.Dataset(Guid.NewGuid().ToString("N"));
        await Store.PutAsync(stray + "/" + LabDatasets.CsvFile, new MemoryStream(new byte[1000]));
        var strayCopy = Files.LocalPath(LabFileKeys.Dataset(Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(strayCopy);
        await File.WriteAllBytesAsync(Path.Combine(strayCopy, LabDatasets.CsvFile), new byte[1000]);
        await Store.DeleteAsync(LabFileKeys.Dataset(late.Key));
        Directory.Move(Files.LocalPath(LabFileKeys.Dataset(late.Key)), Path.Combine(Files.LocalPath(LabFileKeys.IncomingUploads), late.Key));

        await Uploads.RemoveOrphansAsync();

        Assert.Empty(await Store.ListAsync(stray));
        Assert.False(Directory.Exists(strayCopy));
        foreach (var dataset in new[] { kept, late })
        {
            Assert.Equal(LabDatasetTests.Csv(200).Length, await Store.SizeAsync(LabFileKeys.Dataset(dataset.Key)));
            Assert.True(Directory.Exists(Files.LocalPath(LabFileKeys.Dataset(dataset.Key))));
        }

        Assert.False(Directory.Exists(Files.LocalPath(LabFileKeys.IncomingUploads)));
    }

    [Fact]
    public async Task Stored_checkpoints_of_completed_runs_go_and_those_of_runs_that_may_resume_stay()
    {
        var workspace = await world.NewWorkspaceAsync();
        var lab = world.Services.GetRequiredService<TrainingService>();
        var completed = await lab.EnqueueAsync(Owner, workspace.Id, TrainingServiceTests.ShortRun);
        await TrainingServiceTests.WaitForAsync(lab, Owner, workspace.Id, completed, RunStatus.Completed);
        var cancelled = await lab.EnqueueAsync(Owner, workspace.Id, TrainingServiceTests.ShortRun);
        await lab.CancelAsync(Owner, workspace.Id, cancelled);
        await TrainingServiceTests.WaitForAsync(lab, Owner, workspace.Id, cancelled, RunStatus.Cancelled);
        foreach (var runId in new[] { completed, cancelled })
        {
            await Store.PutAsync(LabFileKeys.Checkpoints(runId) + "/checkpoint.json", new MemoryStream("{}"u8.ToArray()));
        }

        var removed = await world.Services.GetRequiredService<RunFiles>().RemoveFinishedCheckpointsAsync();

        Assert.True(removed >= 1);
        Assert.Empty(await Store.ListAsync(LabFileKeys.Checkpoints(completed)));
        Assert.NotEmpty(await Store.ListAsync(LabFileKeys.Checkpoints(cancelled)));
        Assert.NotEmpty(await Store.ListAsync(LabFileKeys.Model(completed)));
    }
}
