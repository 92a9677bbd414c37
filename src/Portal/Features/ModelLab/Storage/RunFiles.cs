using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// A training run's files: the data set it trains on, the checkpoint it resumes from and the model it ends with, kept
/// in the lab's store and used from this node's lab folder, where the trainer and TorchSharp read and write them.
/// </summary>
public sealed class RunFiles(LabFiles files, IDbContextFactory<PortalDbContext> contextFactory, ILogger<RunFiles> logger)
{
    public string RunsFolder => files.LocalPath(LabFileKeys.Runs);

    /// <summary>Where the trainer writes the run's checkpoint on this node.</summary>
    public string CheckpointFolder(Guid runId) => files.LocalPath(LabFileKeys.Checkpoints(runId));

    /// <summary>Where the run's model is saved on this node.</summary>
    public string ModelFolder(Guid runId) => files.LocalPath(LabFileKeys.Model(runId));

    /// <summary>This node's copy of an uploaded data set; Fashion-MNIST comes with the portal.</summary>
    public async Task FetchDatasetAsync(string datasetKey, CancellationToken cancellationToken = default)
    {
        if (datasetKey != LabDatasets.FashionMnist)
        {
            await files.FetchAsync(LabFileKeys.Dataset(datasetKey), refresh: false, cancellationToken);
        }
    }

    /// <summary>This node's copy of the run's stored checkpoint, as fresh as the store's; a folder without one when there is none.</summary>
    public Task<string> FetchCheckpointAsync(Guid runId, CancellationToken cancellationToken = default) =>
        files.FetchAsync(LabFileKeys.Checkpoints(runId), refresh: true, cancellationToken);

    /// <summary>This node's copy of a completed run's model.</summary>
    public Task<string> FetchModelAsync(Guid runId, CancellationToken cancellationToken = default) =>
        files.FetchAsync(LabFileKeys.Model(runId), refresh: false, cancellationToken);

    /// <summary>
    /// Stores the checkpoints the trainer writes while the run trains, from the epochs after <paramref name="storedEpochs"/>;
    /// null when the store is this node's folder, where the trainer writes them itself.
    /// </summary>
    public CheckpointUploads? UploadCheckpoints(Guid runId, int storedEpochs) =>
        files.StoreIsLocal ? null : new CheckpointUploads(files.Store, LabFileKeys.Checkpoints(runId), CheckpointFolder(runId), storedEpochs, logger);

    /// <summary>Stores the model saved in <see cref="ModelFolder"/>.</summary>
    public Task StoreModelAsync(Guid runId, CancellationToken cancellationToken = default) => files.StoreAsync(LabFileKeys.Model(runId), cancellationToken);

    public Task DeleteCheckpointAsync(Guid runId, CancellationToken cancellationToken = default) => files.DeleteAsync(LabFileKeys.Checkpoints(runId), cancellationToken);

    /// <summary>
    /// Deletes the checkpoints that completed runs kept from before they were deleted on completion, from the store and
    /// from this node's copies; called once at start.
    /// </summary>
    /// <returns>How many runs' checkpoints were deleted.</returns>
    public async Task<int> RemoveFinishedCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var withCheckpoints = new HashSet<Guid>();
        foreach (var place in files.Places)
        {
            foreach (var key in await place.ListAsync(LabFileKeys.Runs, cancellationToken))
            {
                if (key.Split('/') is [_, var run, "checkpoints", ..] && Guid.TryParseExact(run, "N", out var runId))
                {
                    withCheckpoints.Add(runId);
                }
            }
        }

        if (withCheckpoints.Count == 0)
        {
            return 0;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var completed = await db.Set<TrainingRun>().Where(r => withCheckpoints.Contains(r.Id) && r.Status == RunStatus.Completed).Select(r => r.Id).ToListAsync(cancellationToken);
        await db.Set<ModelArtifact>().Where(a => a.Kind == ArtifactKind.Checkpoints && completed.Contains(a.RunId)).ExecuteDeleteAsync(cancellationToken);
        foreach (var runId in completed)
        {
            await DeleteCheckpointAsync(runId, cancellationToken);
        }

        return completed.Count;
    }
}
