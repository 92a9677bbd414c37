using Hangfire;
using Portal.Features.ModelLab.Jobs;

namespace Portal.Features.ModelLab;

/// <summary>
/// The job engine's entry point for training: one job is queued for each run queued, and takes the run first in line.
/// Its full name is stored with every queued job, so it stays in this namespace for the jobs already queued.
/// </summary>
public sealed class TrainingJob(TrainingRunner runner)
{
    public const string Queue = "training";

    /// <summary>Never retried by the engine: a failed run says why, and an interrupted one resumes from its checkpoint when asked.</summary>
    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public Task TrainNextAsync(CancellationToken shutdown) => runner.ExecuteNextAsync(shutdown);
}
