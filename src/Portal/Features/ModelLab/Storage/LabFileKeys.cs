namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// The keys of the lab's files: relative, '/'-separated, laid out as the file-system store keeps them under the data
/// folder's <c>lab</c> folder, so that data folders written before the store existed read the same.
/// </summary>
public static class LabFileKeys
{
    public const string Datasets = "datasets";

    public const string Runs = "runs";

    /// <summary>Uploads being written and checked on this node, until their row is saved; no data set key starts with a dot.</summary>
    public const string IncomingUploads = Datasets + "/.incoming";

    /// <summary>Copies from the store being written on this node, moved into place once whole.</summary>
    public const string Downloads = ".downloads";

    /// <summary>An uploaded data set's folder, by its key (its id in the "N" format).</summary>
    public static string Dataset(string datasetKey) => $"{Datasets}/{datasetKey}";

    /// <summary>The folder of the checkpoint a run resumes from.</summary>
    public static string Checkpoints(Guid runId) => $"{Runs}/{runId.ToString("N")}/checkpoints";

    /// <summary>The folder of a run's trained model; <see cref="ModelArtifact.RelativePath"/> holds it.</summary>
    public static string Model(Guid runId) => $"{Runs}/{runId.ToString("N")}/model";

    /// <summary>The name of the entry directly in <paramref name="folder"/> that holds <paramref name="key"/>.</summary>
    public static string EntryIn(string folder, string key) => key[(folder.Length + 1)..].Split('/')[0];

    /// <summary>The key itself, when it is one: no empty, "." or ".." segment and no backslash, so it cannot leave the store's folder.</summary>
    /// <exception cref="ArgumentException">It is not a key.</exception>
    public static string Checked(string key) =>
        key.Contains('\\', StringComparison.Ordinal) || key.Split('/').Any(segment => segment is "" or "." or "..")
            ? throw new ArgumentException($"'{key}' is not a lab file key.", nameof(key))
            : key;
}
