using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.ModelLab.Native;

namespace Portal.Features.ModelLab;

/// <summary>
/// The only threads that run libtorch, alive as long as the app: one for each run that may train at once, and one
/// for requests (predictions, exports). libgomp keeps a team of threads for every thread that starts parallel
/// work and, once it manages more threads than there are cores, cuts its spinning to 100 rounds. Training on
/// whichever pool thread was free left a team behind each run, and one prediction on a request thread made every
/// later run about a fifth slower at batch 32 here; the request thread therefore runs libtorch on itself alone.
/// </summary>
public sealed class TorchThreads : IDisposable
{
    public const string RequestThreadName = "Model lab requests";

    private readonly BlockingCollection<Action> training = [];
    private readonly BlockingCollection<Action> requests = [];
    private bool requestThreadSingleThreaded;

    public TorchThreads(IOptions<ModelLabOptions> options)
    {
        for (var index = 1; index <= options.Value.MaxConcurrentRuns; index++)
        {
            new Thread(() => Serve(training)) { IsBackground = true, Name = $"Training {index}" }.Start();
        }

        new Thread(() => Serve(requests)) { IsBackground = true, Name = RequestThreadName }.Start();
    }

    /// <summary>Runs <paramref name="body"/> on a training thread; its exception, cancellation included, comes back through the task.</summary>
    public Task<T> TrainAsync<T>(Func<T> body) => Enqueue(training, body);

    /// <summary>Runs a request's libtorch work on the request thread, one at a time, single-threaded.</summary>
    public Task<T> ServeAsync<T>(Func<T> body) => Enqueue(requests, () =>
    {
        // Here rather than when the thread starts, so that the app starts without libtorch and a failure to load it reaches the request.
        if (!requestThreadSingleThreaded)
        {
            TorchRuntime.SetThreadsForThisThread(1);
            requestThreadSingleThreaded = true;
        }

        return body();
    });

    public void Dispose()
    {
        foreach (var queue in new[] { training, requests })
        {
            queue.CompleteAdding();
            queue.Dispose();
        }
    }

    private static Task<T> Enqueue<T>(BlockingCollection<Action> queue, Func<T> body)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add(() =>
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

    private static void Serve(BlockingCollection<Action> queue)
    {
        try
        {
            foreach (var item in queue.GetConsumingEnumerable())
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
