using Microsoft.Extensions.Logging.Abstractions;
using Portal.Features.Workspaces;

namespace Portal.Tests.Workspaces;

public sealed class WorkspaceEventsTests
{
    private static readonly Guid Workspace = Guid.NewGuid();

    [Fact]
    public async Task A_slow_page_holds_up_neither_the_writer_nor_the_other_pages()
    {
        var events = new InProcessWorkspaceEvents(NullLogger<InProcessWorkspaceEvents>.Instance, TimeProvider.System);
        var slowPageMayGoOn = new TaskCompletionSource();
        var fastPageSaw = new TaskCompletionSource<WorkspaceChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slow = events.Subscribe(Workspace, _ => slowPageMayGoOn.Task);
        using var fast = events.Subscribe(Workspace, change => { fastPageSaw.TrySetResult(change); return Task.CompletedTask; });

        var publish = events.PublishAsync(Change("canvas"));

        Assert.True(publish.IsCompleted, "The writer waited for the pages.");
        Assert.Equal("canvas", (await fastPageSaw.Task.WaitAsync(TimeSpan.FromSeconds(30))).Topic);
        slowPageMayGoOn.SetResult();
    }

    [Fact]
    public async Task Each_page_gets_the_changes_in_the_order_published_even_after_one_fails()
    {
        var events = new InProcessWorkspaceEvents(NullLogger<InProcessWorkspaceEvents>.Instance, TimeProvider.System);
        var seen = new List<string>();
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = events.Subscribe(Workspace, change =>
        {
            seen.Add(change.Topic);
            if (seen.Count == 20)
            {
                allSeen.SetResult();
            }

            return change.Topic == "3" ? throw new InvalidOperationException("A broken page.") : Task.CompletedTask;
        });

        for (var i = 0; i < 20; i++)
        {
            await events.PublishAsync(Change(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more()
    {
        var events = new InProcessWorkspaceEvents(NullLogger<InProcessWorkspaceEvents>.Instance, TimeProvider.System);
        var calls = 0;
        var other = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var page = events.Subscribe(Workspace, _ => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        using var witness = events.Subscribe(Workspace, _ => { other.TrySetResult(); return Task.CompletedTask; });
        page.Dispose();

        await events.PublishAsync(Change("canvas"));

        await other.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, calls);
    }

    private static WorkspaceChange Change(string topic) => new(Workspace, topic, null, "user", DateTimeOffset.UtcNow);
}
