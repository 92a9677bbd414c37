using System.Collections.Concurrent;

namespace Portal.Features.ModelLab;

/// <summary>
/// The runs training in this process, so that a member's cancel stops one within a batch when it trains on the node
/// that took the request; a run training on another node sees its cancel flag in the database instead.
/// </summary>
public sealed class TrainingHere
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> training = new();

    /// <summary>Notes a run as training here until the returned registration is disposed.</summary>
    public IDisposable Add(Guid runId, CancellationTokenSource userCancel)
    {
        training[runId] = userCancel;
        return new Registration(() => training.TryRemove(runId, out _));
    }

    public async Task CancelAsync(Guid runId)
    {
        if (training.TryGetValue(runId, out var source))
        {
            await source.CancelAsync();
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
