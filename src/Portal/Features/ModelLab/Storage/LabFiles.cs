namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// The lab's files: kept in the configured <see cref="ILabFileStore"/>, and worked on in this node's lab folder, since
/// the trainer, TorchSharp and the decoders take paths. With the file-system store the two are one and nothing is
/// copied; with the database store a node copies down what it trains on or serves, and copies up what it makes.
/// </summary>
public sealed class LabFiles(ILabFileStore store, FileSystemLabFileStore local)
{
    public ILabFileStore Store => store;

    /// <summary>Whether the store is this node's lab folder itself, so that its files are used where they are.</summary>
    public bool StoreIsLocal => ReferenceEquals(store, local);

    /// <summary>Every place that holds the lab's files: the store, and this node's copies when the store is elsewhere.</summary>
    public IReadOnlyList<ILabFileStore> Places => StoreIsLocal ? [store] : [store, local];

    /// <summary>Where this node keeps the file or folder of a key.</summary>
    public string LocalPath(string key) => local.PathOf(key);

    /// <summary>
    /// This node's copy of a folder, copied from the store when it has none. <paramref name="refresh"/> replaces the
    /// copy it has, for a folder that changes (a run's checkpoints); data sets and models never change once stored.
    /// A folder the store lacks comes back as a path where nothing is.
    /// </summary>
    public async Task<string> FetchAsync(string folder, bool refresh, CancellationToken cancellationToken = default)
    {
        var path = local.PathOf(folder);
        if (StoreIsLocal || (!refresh && Directory.Exists(path)))
        {
            return path;
        }

        // Written aside and moved into place whole, so that a copy in place is never a partial one.
        var download = local.PathOf($"{LabFileKeys.Downloads}/{Guid.NewGuid().ToString("N")}");
        try
        {
            foreach (var key in await store.ListAsync(folder, cancellationToken))
            {
                var target = Path.Combine(download, key[(folder.Length + 1)..]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var file = File.Create(target);
                await store.CopyToAsync(key, file, cancellationToken);
            }

            if (refresh && Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            if (Directory.Exists(download))
            {
                MoveIntoPlace(download, path);
            }
        }
        finally
        {
            if (Directory.Exists(download))
            {
                Directory.Delete(download, recursive: true);
            }
        }

        return path;
    }

    /// <summary>Puts this node's copy of a folder into the store, when the store is elsewhere.</summary>
    public Task StoreAsync(string folder, CancellationToken cancellationToken = default) => StoreFromAsync(local.PathOf(folder), folder, cancellationToken);

    /// <summary>
    /// Keeps a local folder's files as the folder of a key: into the store when it is elsewhere, then moved into this
    /// node's lab folder (with the file-system store the move alone stores them). Stored before moved, so that after a
    /// stop midway the local folder is still there to keep again.
    /// </summary>
    public async Task KeepAsync(string localFolder, string folder, CancellationToken cancellationToken = default)
    {
        await StoreFromAsync(localFolder, folder, cancellationToken);
        MoveIntoPlace(localFolder, local.PathOf(folder));
    }

    /// <summary>Deletes a file or folder from the store and from this node's copies.</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        foreach (var place in Places)
        {
            await place.DeleteAsync(key, cancellationToken);
        }
    }

    private async Task StoreFromAsync(string localFolder, string folder, CancellationToken cancellationToken)
    {
        if (StoreIsLocal)
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories))
        {
            await using var content = File.OpenRead(file);
            await store.PutAsync($"{folder}/{Path.GetRelativePath(localFolder, file).Replace(Path.DirectorySeparatorChar, '/')}", content, cancellationToken);
        }
    }

    private static void MoveIntoPlace(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            Directory.Move(source, destination);
        }
        catch (IOException) when (Directory.Exists(destination))
        {
            // Another request on this node copied the same files there a moment before.
        }
    }
}
