using System.ComponentModel.DataAnnotations;
using Portal.ModelLab.Data;

namespace Portal.Features.ModelLab;

/// <summary>Settings under <c>ModelLab</c> in configuration.</summary>
public sealed class ModelLabOptions
{
    public const string Section = "ModelLab";

    /// <summary>Runs that train at the same time on this node; the rest wait in the queue.</summary>
    [Range(1, 16)]
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>Runs one user may have queued or training at once.</summary>
    [Range(1, 100)]
    public int MaxQueuedRunsPerUser { get; set; } = 3;

    /// <summary>Threads libtorch may use for training; by default all cores but one, so pages stay responsive.</summary>
    [Range(1, 256)]
    public int? TorchThreads { get; set; }

    [Range(1, 50)]
    public int MaxEpochs { get; set; } = 20;

    /// <summary>The largest upload accepted, per file.</summary>
    [Range(1024, 1L << 31)]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes of uploaded files one workspace may keep, summed over its data sets.</summary>
    [Range(1024, 1L << 40)]
    public long MaxWorkspaceUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Bytes of uploaded files one user may keep, summed over the data sets they uploaded in every workspace.</summary>
    [Range(1024, 1L << 40)]
    public long MaxUserUploadBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// The most images one upload may hold (and a parse takes); reading stops there, so parsing an upload holds
    /// at most <see cref="ParseMemoryBytes"/> whatever its header claims.
    /// </summary>
    [Range(100, 1_000_000)]
    public int MaxUploadImages { get; set; } = 70_000;

    /// <summary>
    /// The most one parse of an upload allocates: 2 × <see cref="MaxUploadImages"/> × 785 bytes and the readers'
    /// buffers (<see cref="DatasetLimits.ParseMemoryBytes"/>), 111 MB at the default. One parse runs at a time on a node.
    /// </summary>
    public long ParseMemoryBytes => DatasetLimits.ParseMemoryBytes(MaxUploadImages);

    /// <summary>
    /// Bytes of decoded data sets (Fashion-MNIST's 55 MB included) kept in memory between runs; beyond it the least
    /// recently used are dropped and decoded again when next used.
    /// </summary>
    [Range(1024 * 1024, 1L << 36)]
    public long DatasetCacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Where Debian's dataset-fashion-mnist puts the full set; the committed subset is used when it is absent.</summary>
    public string FashionMnistFolder { get; set; } = Portal.ModelLab.Data.DatasetCatalog.DebianFolder;

    /// <summary>Seconds between the job engine's looks at its queue.</summary>
    [Range(0.1, 60)]
    public double QueuePollSeconds { get; set; } = 1;

    /// <summary>Seconds between a training node's heartbeats on the run it trains.</summary>
    [Range(0.1, 60)]
    public double RunHeartbeatSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds without a heartbeat after which a Running run counts as lost with its node (killed, crashed, cut off)
    /// and is marked Interrupted by the other nodes. Several heartbeats long, so that a busy node is not taken for dead.
    /// </summary>
    [Range(1, 3600)]
    public double RunLostAfterSeconds { get; set; } = 30;

    public int ResolveTorchThreads() => TorchThreads ?? Math.Max(1, Environment.ProcessorCount - 1);
}
