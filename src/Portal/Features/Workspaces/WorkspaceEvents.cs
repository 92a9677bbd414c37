using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Portal.Features.Workspaces;

/// <summary>
/// Something changed in a workspace. <see cref="Changes"/> carries what changed when the topic's pages apply changes
/// item by item (the items with their new versions, and the ids removed); pages of other topics reload what
/// <see cref="Topic"/> names.
/// </summary>
public sealed record WorkspaceChange(Guid WorkspaceId, string Topic, string? ItemId, string ActorId, DateTimeOffset At)
{
    public object? Changes { get; init; }
}

/// <summary>Items of one kind that were added or changed (with their new versions) and the ids of those removed.</summary>
public sealed record ItemChanges<T>(IReadOnlyList<T> Upserted, IReadOnlyList<Guid> Removed);

public static class ItemChanges
{
    public static ItemChanges<T> Of<T>(params T[] items) => new(items, []);
}

/// <summary>Someone with a page of the workspace open: its home unless <paramref name="Page"/> names a tool (canvas, risks, …).</summary>
public sealed record WorkspaceViewer(string UserId, string DisplayName, string Page = WorkspaceViewer.HomePage)
{
    public const string HomePage = "home";
}

/// <summary>
/// Live updates between everyone looking at a workspace. In-process for one node; a Redis
/// implementation behind the same interface serves several nodes.
/// </summary>
public interface IWorkspaceEvents
{
    /// <summary>Queues the change for every subscriber of its workspace and returns without waiting for any of them.</summary>
    Task PublishAsync(WorkspaceChange change);

    /// <summary>
    /// Calls <paramref name="handler"/> for every change of the workspace, one at a time and in the order published,
    /// until the subscription is disposed. Each subscriber has its own queue: a slow one delays only itself.
    /// </summary>
    IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler);

    /// <summary>Marks the viewer as present until the returned handle is disposed; others get a <c>presence</c> change.</summary>
    Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer);

    /// <summary>Who has <paramref name="page"/> of the workspace open, each person once.</summary>
    IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId, string page = WorkspaceViewer.HomePage);

    /// <summary>Tells one user's open pages that something for them changed (a notification, for example).</summary>
    Task PublishToUserAsync(string userId, string topic);

    IDisposable SubscribeUser(string userId, Func<string, Task> handler);
}

/// <remarks>
/// Once the host begins to stop, nothing more is delivered: the circuits are ending, and a change applied to a page whose
/// services are being disposed only failed its render.
/// </remarks>
public sealed class InProcessWorkspaceEvents(ILogger<InProcessWorkspaceEvents> logger, TimeProvider clock, IHostApplicationLifetime? lifetime = null) : IWorkspaceEvents
{
    private readonly CancellationToken stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;

    public const string PresenceTopic = "presence";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Subscriber<WorkspaceChange>>> subscribers = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, WorkspaceViewer>> viewers = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Subscriber<string>>> userSubscribers = new(StringComparer.Ordinal);

    public Task PublishAsync(WorkspaceChange change)
    {
        if (subscribers.TryGetValue(change.WorkspaceId, out var handlers))
        {
            foreach (var subscriber in handlers.Values)
            {
                subscriber.Post(change);
            }
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler) =>
        Add(subscribers.GetOrAdd(workspaceId, _ => new()), handler, change => change.Topic);

    public async Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer)
    {
        var id = Guid.NewGuid();
        viewers.GetOrAdd(workspaceId, _ => new()).TryAdd(id, viewer);
        await PublishAsync(new WorkspaceChange(workspaceId, PresenceTopic, viewer.Page, viewer.UserId, clock.GetUtcNow()));
        return new Leaver(async () =>
        {
            if (viewers.TryGetValue(workspaceId, out var present) && present.TryRemove(id, out _))
            {
                await PublishAsync(new WorkspaceChange(workspaceId, PresenceTopic, viewer.Page, viewer.UserId, clock.GetUtcNow()));
            }
        });
    }

    public IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId, string page = WorkspaceViewer.HomePage) =>
        viewers.TryGetValue(workspaceId, out var present)
            ? present.Values.Where(v => v.Page == page).DistinctBy(v => v.UserId).OrderBy(v => v.DisplayName, StringComparer.CurrentCulture).ToList()
            : [];

    public Task PublishToUserAsync(string userId, string topic)
    {
        if (userSubscribers.TryGetValue(userId, out var handlers))
        {
            foreach (var subscriber in handlers.Values)
            {
                subscriber.Post(topic);
            }
        }

        return Task.CompletedTask;
    }

    public IDisposable SubscribeUser(string userId, Func<string, Task> handler) =>
        Add(userSubscribers.GetOrAdd(userId, _ => new()), handler, topic => topic);

    private Subscriber<T> Add<T>(ConcurrentDictionary<Guid, Subscriber<T>> group, Func<T, Task> handler, Func<T, string> describe)
    {
        var id = Guid.NewGuid();
        var subscriber = new Subscriber<T>(handler, describe, logger, () => group.TryRemove(id, out _), stopping);
        group.TryAdd(id, subscriber);
        return subscriber;
    }

    /// <summary>
    /// One page's queue: the publisher only posts to it, and its own loop hands the messages to the page in order,
    /// so a page that is slow or broken never holds up the writer or the other pages.
    /// </summary>
    private sealed class Subscriber<T> : IDisposable
    {
        private readonly Channel<T> queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Func<T, Task> handler;
        private readonly Func<T, string> describe;
        private readonly ILogger logger;
        private readonly Action remove;
        private readonly CancellationToken stopping;

        public Subscriber(Func<T, Task> handler, Func<T, string> describe, ILogger logger, Action remove, CancellationToken stopping)
        {
            this.handler = handler;
            this.describe = describe;
            this.logger = logger;
            this.remove = remove;
            this.stopping = stopping;
            _ = Task.Run(DeliverAsync, CancellationToken.None);
        }

        public void Post(T message) => queue.Writer.TryWrite(message);

        public void Dispose()
        {
            remove();
            queue.Writer.TryComplete();
        }

        private async Task DeliverAsync()
        {
            await foreach (var message in queue.Reader.ReadAllAsync())
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await handler(message);
                }
                catch (Exception exception)
                {
                    // A page that fails on one change still gets the next ones.
                    logger.LogWarning(exception, "A subscriber failed on {Topic}", describe(message));
                }
            }
        }
    }

    private sealed class Leaver(Func<Task> leave) : IAsyncDisposable
    {
        private int disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                await leave();
            }
        }
    }
}
