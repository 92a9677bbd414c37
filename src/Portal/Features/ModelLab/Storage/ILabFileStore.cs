namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// Where the model lab keeps its files (uploaded data sets, run checkpoints, trained models), each under a key such as
/// <c>datasets/&lt;id&gt;/data.csv</c> (see <see cref="LabFileKeys"/>). A folder is a key's leading segments: the
/// folder <c>datasets/&lt;id&gt;</c> holds every key that starts with <c>datasets/&lt;id&gt;/</c>.
/// </summary>
public interface ILabFileStore
{
    /// <summary>Stores the content, read to its end, under the key, replacing what was there.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Copies the file's content into <paramref name="destination"/>.</summary>
    /// <returns>False when there is no file under the key.</returns>
    Task<bool> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>The keys in a folder and its subfolders, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>Deletes the file under the key, or the folder of that name with everything in it.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The bytes of the files in a folder and its subfolders.</summary>
    Task<long> SizeAsync(string folder, CancellationToken cancellationToken = default);
}
