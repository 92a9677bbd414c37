using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Portal.Features.ModelLab;

/// <summary>
/// The threads that train, one for each run that may train at once, alive as long as the app. libgomp keeps a
/// team of threads for every thread that starts parallel work and, once it manages more threads than there are
/// cores, cuts its spinning to 100 rounds: training on whichever pool thread was free left a team behind each
/// run and made every later run wake its threads for every operation (a quarter slower at batch 32 here).
/// </summary>
public sealed class TrainingThreads : IDisposable
{
    private readonly BlockingCollection<Action> work = [];

    public TrainingThreads(IOptions<ModelLabOptions> options)
    {
        for (var index = 1; index <= options.Value.MaxConcurrentRuns; index++)
        {
            new Thread(Serve) { IsBackground = true, Name = $"Training {index}" }.Start();
        }
    }

    /// <summary>Runs <paramref name="body"/> on a training thread; its exception, cancellation included, comes back through the task.</summary>
    public Task<T> RunAsync<T>(Func<T> body)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try
            {
                outcome.SetResult(body());
            }
            catch (Exception error)
            {
                outcome.SetException(error);
            }
        });
        return outcome.Task;
    }

    public void Dispose()
    {
        work.CompleteAdding();
        work.Dispose();
    }

    private void Serve()
    {
        try
        {
            foreach (var item in work.GetConsumingEnumerable())
            {
                item();
            }
        }
        catch (ObjectDisposedException)
        {
            // The app stopped while this thread waited for work.
        }
    }
}
