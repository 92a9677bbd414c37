using Microsoft.Extensions.Options;
using Portal.Features.ModelLab;
using Portal.ModelLab.Native;
using TorchSharp;

namespace Portal.Tests.ModelLab;

public sealed class TorchThreadsTests
{
    [Fact]
    public async Task Every_run_trains_on_the_same_long_lived_thread_and_its_failure_comes_back()
    {
        using var threads = new TorchThreads(Options.Create(new ModelLabOptions { MaxConcurrentRuns = 1 }));

        var first = await threads.TrainAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
        var second = await threads.TrainAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));

        Assert.Equal("Training 1", first.Name);
        Assert.Equal(first, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first.CurrentManagedThreadId);
        await Assert.ThrowsAsync<OperationCanceledException>(() => threads.TrainAsync<int>(() => throw new OperationCanceledException()));
        Assert.Equal(3, await threads.TrainAsync(() => 3));
    }

    [Fact]
    public async Task Requests_run_libtorch_on_one_thread_of_their_own_without_other_threads()
    {
        // Threads that have not run libtorch yet take the process-wide count: make it more than one.
        TorchRuntime.SetThreadsForThisThread(2);
        using var threads = new TorchThreads(Options.Create(new ModelLabOptions { MaxConcurrentRuns = 1 }));

        var first = await threads.ServeAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Threads: torch.get_num_threads()));
        var second = await threads.ServeAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Threads: torch.get_num_threads()));
        var trainer = await threads.TrainAsync(() => Environment.CurrentManagedThreadId);

        Assert.Equal(TorchThreads.RequestThreadName, first.Name);
        Assert.Equal(1, first.Threads);
        Assert.Equal(first, second);
        Assert.NotEqual(trainer, first.CurrentManagedThreadId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => threads.ServeAsync<int>(() => throw new InvalidOperationException()));
    }
}
