using Microsoft.Extensions.Options;
using Portal.Features.ModelLab;

namespace Portal.Tests.ModelLab;

public sealed class TrainingThreadsTests
{
    [Fact]
    public async Task Every_run_trains_on_the_same_long_lived_thread_and_its_failure_comes_back()
    {
        using var threads = new TrainingThreads(Options.Create(new ModelLabOptions { MaxConcurrentRuns = 1 }));

        var first = await threads.RunAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
        var second = await threads.RunAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));

        Assert.Equal("Training 1", first.Name);
        Assert.Equal(first, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first.CurrentManagedThreadId);
        await Assert.ThrowsAsync<OperationCanceledException>(() => threads.RunAsync<int>(() => throw new OperationCanceledException()));
        Assert.Equal(3, await threads.RunAsync(() => 3));
    }
}
