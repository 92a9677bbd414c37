namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// The lab's files as files under a folder, a key's segments its path. With <see cref="LabFileStoreKind.FileSystem"/>
/// it is the store and the trainer works on its files in place; with the database store it holds this node's copies.
/// </summary>
public sealed class FileSystemLabFileStore(string root) : ILabFileStore
{
    /// <summary>Where the file or folder of a key is.</summary>
    public string PathOf(string key) => Path.Combine(root, LabFileKeys.Checked(key));

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await content.CopyToAsync(file, cancellationToken);
    }

    public async Task<bool> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        await using var file = File.OpenRead(path);
        await file.CopyToAsync(destination, cancellationToken);
        return true;
    }

    public Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var path = PathOf(folder);
        IReadOnlyList<string> keys = Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Select(file => $"{folder}/{Path.GetRelativePath(path, file).Replace(Path.DirectorySeparatorChar, '/')}")
                .Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(keys);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task<long> SizeAsync(string folder, CancellationToken cancellationToken = default)
    {
        var path = PathOf(folder);
        return Task.FromResult(Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length) : 0);
    }
}
