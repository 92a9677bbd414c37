using Portal.Data;

namespace Portal.Features.ModelLab.Storage;

/// <summary>The model lab's file store, set under <c>ModelLab</c> beside <see cref="ModelLabOptions"/>.</summary>
public sealed class LabFileStoreOptions
{
    /// <summary>
    /// <c>ModelLab:FileStore</c>, where uploaded data sets, run checkpoints and trained models are kept.
    /// <see cref="LabFileStoreKind.FileSystem"/>: as files under the data folder's <c>lab</c> folder, which the trainer
    /// reads and writes in place; only the node that has the folder sees them.
    /// <see cref="LabFileStoreKind.Database"/>: as rows of the <c>LabFile</c> table in the portal's database, so that
    /// nodes sharing no disk share them and a run one node started resumes on another; each node copies what it trains
    /// on or serves into its own <c>lab</c> folder (same layout) and copies up the checkpoints and models it makes.
    /// Unset, it follows the database: the file system on SQLite (one node), the database on PostgreSQL (scale-out).
    /// </summary>
    public LabFileStoreKind? FileStore { get; set; }

    public LabFileStoreKind Resolve(DatabaseProvider provider) =>
        FileStore ?? (provider == DatabaseProvider.Postgres ? LabFileStoreKind.Database : LabFileStoreKind.FileSystem);
}

public enum LabFileStoreKind
{
    FileSystem,
    Database,
}
