using System.Threading.Channels;
using Portal.ModelLab.Training;

namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// Copies a training run's checkpoint into a store elsewhere (the database) as the trainer writes it, so that another
/// node can resume the run. The trainer saves an epoch's checkpoint on the training thread between that epoch's last
/// progress report and the next epoch's first; so at a new epoch's first report the checkpoint is whole and cannot
/// change until the report returns. Its files are read then, into memory, and stored on another thread, so that
/// training waits for a disk read only. A checkpoint that cannot be stored is logged and the run trains on; a resume
/// elsewhere starts from the last one stored.
/// </summary>
public sealed class CheckpointUploads
{
    /// <summary>The trainer's file that names the others; stored last, so that a stop midway leaves the previous checkpoint whole.</summary>
    private const string CheckpointFile = "checkpoint.json";

    private readonly ILabFileStore store;
    private readonly string folder;
    private readonly string localFolder;
    private readonly ILogger logger;
    // Only the newest checkpoint matters: one waiting to be stored is dropped for a newer one.
    private readonly Channel<IReadOnlyList<(string Name, byte[] Content)>> waiting =
        Channel.CreateBounded<IReadOnlyList<(string, byte[])>>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Task storing;
    private int epochsTaken;
    private int lastEpochReported;

    /// <param name="folder">The checkpoint's folder key.</param>
    /// <param name="localFolder">Where the trainer writes the checkpoint on this node.</param>
    /// <param name="storedEpochs">The epochs the stored checkpoint holds already.</param>
    public CheckpointUploads(ILabFileStore store, string folder, string localFolder, int storedEpochs, ILogger logger)
    {
        (this.store, this.folder, this.localFolder, this.logger) = (store, folder, localFolder, logger);
        epochsTaken = storedEpochs;
        storing = Task.Run(StoreAllAsync);
    }

    /// <summary>Sees a progress report, on the training thread; the first of an epoch takes the checkpoint before it.</summary>
    public void Observe(TrainingProgress progress)
    {
        if (progress.Epoch != lastEpochReported)
        {
            lastEpochReported = progress.Epoch;
            TakeCheckpoint();
        }
    }

    /// <summary>
    /// Once training stopped: stores the checkpoint it ended with when <paramref name="storeLast"/> (a run that may be
    /// resumed), and waits until what was taken is stored, so that nothing is stored after this returns.
    /// </summary>
    public async Task FinishAsync(bool storeLast)
    {
        try
        {
            if (storeLast)
            {
                TakeCheckpoint();
            }
        }
        finally
        {
            waiting.Writer.Complete();
        }

        await storing;
    }

    private void TakeCheckpoint()
    {
        var epochs = Trainer.CheckpointEpochs(localFolder);
        if (epochs <= epochsTaken)
        {
            return;
        }

        epochsTaken = epochs;
        waiting.Writer.TryWrite([.. Directory.EnumerateFiles(localFolder).Select(file => (Path.GetFileName(file), File.ReadAllBytes(file)))]);
    }

    private async Task StoreAllAsync()
    {
        await foreach (var files in waiting.Reader.ReadAllAsync())
        {
            try
            {
                await StoreAsync(files);
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "A checkpoint in {Folder} could not be stored; a resume on another node starts from the one before", folder);
            }
        }
    }

    private async Task StoreAsync(IReadOnlyList<(string Name, byte[] Content)> files)
    {
        foreach (var (name, content) in files.OrderBy(file => file.Name == CheckpointFile))
        {
            await using var stream = new MemoryStream(content, writable: false);
            await store.PutAsync($"{folder}/{name}", stream);
        }

        // The epoch before's weights, which the checkpoint no longer names.
        var kept = files.Select(file => $"{folder}/{file.Name}").ToHashSet();
        foreach (var stale in (await store.ListAsync(folder)).Where(key => !kept.Contains(key)))
        {
            await store.DeleteAsync(stale);
        }
    }
}
