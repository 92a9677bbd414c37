using Hangfire;

namespace Portal.Features.ModelLab;

/// <summary>The job engine's entry point for a training run.</summary>
public sealed class TrainingJob(TrainingRunner runner)
{
    public const string Queue = "training";

    /// <summary>Never retried by the engine: a failed run says why, and an interrupted one resumes from its checkpoint when asked.</summary>
    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public Task RunAsync(Guid runId, CancellationToken shutdown) => runner.ExecuteAsync(runId, shutdown);
}
