using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Features.Workspaces;

namespace Portal.Features.ModelLab;

public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// <summary>Was training when the process stopped; resumable from its last checkpoint.</summary>
    Interrupted,
}

/// <summary>One training of a model spec on a data set, from queueing to its final metrics.</summary>
public sealed class TrainingRun
{
    public const int NameMaxLength = 80;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string CreatedById { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="LabDatasets.FashionMnist"/> or an uploaded set's id.</summary>
    public required string DatasetKey { get; set; }

    public required string SpecJson { get; set; }

    public required string OptionsJson { get; set; }

    /// <summary>Training images used per epoch at most; null for all.</summary>
    public int? MaxTrainingImages { get; set; }

    public RunStatus Status { get; set; }

    public bool CancelRequested { get; set; }

    public long Parameters { get; set; }

    public long ForwardFlopsPerSample { get; set; }

    public int TrainSamples { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the run first started training; a resume keeps it.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the attempt training now started (the first, or a resume's); null between attempts.</summary>
    public DateTimeOffset? AttemptStartedAt { get; set; }

    /// <summary>Seconds spent training over every ended attempt, so a resumed run's duration leaves out the time it lay interrupted.</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>
    /// When the node training the run last said it still was; a Running run whose heartbeat is older than
    /// <see cref="ModelLabOptions.RunLostAfterSeconds"/> lost its node and is marked Interrupted.
    /// </summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Epoch { get; set; }

    public int Epochs { get; set; }

    public int Step { get; set; }

    public int StepsPerEpoch { get; set; }

    /// <summary>Share of the run done, 0 to 1.</summary>
    public double Progress { get; set; }

    public double? EtaSeconds { get; set; }

    public double? TrainSamplesPerSecond { get; set; }

    public double? InferSamplesPerSecond { get; set; }

    public double? TestAccuracy { get; set; }

    public double? TestLoss { get; set; }

    /// <summary>The evaluation on the test images as JSON (confusion matrix, per-class scores, mistakes).</summary>
    public string? EvaluationJson { get; set; }

    public string? Error { get; set; }
}

/// <summary>Training metrics of a run after a window of batches or an epoch.</summary>
public sealed class RunMetric
{
    public long Id { get; set; }

    public Guid RunId { get; set; }

    public int Epoch { get; set; }

    public int Step { get; set; }

    /// <summary>Epochs done as a fraction (1.5 = half way through the second epoch), the charts' x axis.</summary>
    public double EpochProgress { get; set; }

    public double TrainLoss { get; set; }

    public double TrainAccuracy { get; set; }

    public double? ValidationLoss { get; set; }

    public double? ValidationAccuracy { get; set; }

    public double SamplesPerSecond { get; set; }

    public DateTimeOffset At { get; set; }
}

public enum ArtifactKind
{
    /// <summary>The trained network with its spec, normalization and class names (TorchSharp format).</summary>
    Model,
    /// <summary>The folder of per-epoch checkpoints a resumed run continues from.</summary>
    Checkpoints,
}

/// <summary>A file or folder a run produced, under the lab's data folder.</summary>
public sealed class ModelArtifact
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid RunId { get; set; }

    public ArtifactKind Kind { get; set; }

    /// <summary>Relative to the lab's data folder.</summary>
    public required string RelativePath { get; set; }

    public long Bytes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A data set a member uploaded (IDX pair or CSV), kept as uploaded and parsed again when used.</summary>
public sealed class LabDataset
{
    public const int NameMaxLength = 80;
    public const int MaxPerWorkspace = 20;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int ImageCount { get; set; }

    public long Bytes { get; set; }

    /// <summary>"csv" or "idx".</summary>
    public required string Format { get; set; }
}

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>, IEntityTypeConfiguration<RunMetric>, IEntityTypeConfiguration<ModelArtifact>, IEntityTypeConfiguration<LabDataset>
{
    public void Configure(EntityTypeBuilder<TrainingRun> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(TrainingRun.NameMaxLength);
        builder.Property(r => r.DatasetKey).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
        builder.HasIndex(r => r.Status);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RunMetric> builder)
    {
        builder.HasIndex(m => new { m.RunId, m.Id });
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ModelArtifact> builder)
    {
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.RelativePath).HasMaxLength(400);
        builder.HasIndex(a => a.RunId);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LabDataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(LabDataset.NameMaxLength);
        builder.Property(d => d.Format).HasMaxLength(8);
        builder.HasIndex(d => d.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
