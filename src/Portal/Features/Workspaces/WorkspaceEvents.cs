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
    /// <summary>
    /// Changes may have been missed (this node lost its connection to the other nodes for a while): every page
    /// reloads what it shows. It names no item, no actor and carries no <see cref="Changes"/>.
    /// </summary>
    public const string ReloadTopic = "reload";

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

    /// <summary>Of those present, who has <paramref name="page"/> open: each person once, by name.</summary>
    internal static IReadOnlyList<WorkspaceViewer> On(string page, IEnumerable<WorkspaceViewer> present) =>
        present.Where(v => v.Page == page).DistinctBy(v => v.UserId).OrderBy(v => v.DisplayName, StringComparer.CurrentCulture).ToList();
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
    /// until the subscription is disposed. Each subscriber has its own queue: a slow one delays only itself. Where
    /// changes may have been missed, the handler gets a change of <see cref="WorkspaceChange.ReloadTopic"/>.
    /// </summary>
    IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler);

    /// <summary>Marks the viewer as present until the returned handle is disposed; others get a <c>presence</c> change.</summary>
    Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer);

    /// <summary>Who has <paramref name="page"/> of the workspace open, each person once.</summary>
    IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId, string page = WorkspaceViewer.HomePage);

    /// <summary>
    /// Tells one user's open pages that something for them changed (a notification, for example); after changes may
    /// have been missed they get <see cref="WorkspaceChange.ReloadTopic"/>.
    /// </summary>
    Task PublishToUserAsync(string userId, string topic);

    IDisposable SubscribeUser(string userId, Func<string, Task> handler);
}

/// <remarks>
/// Once the host begins to stop, nothing more is delivered: the circuits are ending, and a change applied to a page whose
/// services are being disposed only failed its render.
/// </remarks>
public sealed class InProcessWorkspaceEvents : IWorkspaceEvents
{
    public const string PresenceTopic = "presence";

    private readonly TimeProvider clock;
    private readonly LocalSubscribers<Guid, WorkspaceChange> subscribers;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, WorkspaceViewer>> viewers = new();
    private readonly LocalSubscribers<string, string> userSubscribers;

    public InProcessWorkspaceEvents(ILogger<InProcessWorkspaceEvents> logger, TimeProvider clock, IHostApplicationLifetime? lifetime = null)
    {
        this.clock = clock;
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        subscribers = new(logger, change => change.Topic, stopping);
        userSubscribers = new(logger, topic => topic, stopping);
    }

    public Task PublishAsync(WorkspaceChange change)
    {
        subscribers.Post(change.WorkspaceId, change);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler) => subscribers.Add(workspaceId, handler);

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
        viewers.TryGetValue(workspaceId, out var present) ? WorkspaceViewer.On(page, present.Values) : [];

    public Task PublishToUserAsync(string userId, string topic)
    {
        userSubscribers.Post(userId, topic);
        return Task.CompletedTask;
    }

    public IDisposable SubscribeUser(string userId, Func<string, Task> handler) => userSubscribers.Add(userId, handler);
}

/// <summary>The pages of this node that subscribed, grouped by what they follow (a workspace, a user).</summary>
internal sealed class LocalSubscribers<TKey, T>(ILogger logger, Func<T, string> describe, CancellationToken stopping)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, ConcurrentDictionary<Guid, Subscriber>> groups = new();

    public IDisposable Add(TKey key, Func<T, Task> handler)
    {
        var group = groups.GetOrAdd(key, _ => new());
        var id = Guid.NewGuid();
        var subscriber = new Subscriber(handler, describe, logger, () => group.TryRemove(id, out _), stopping);
        group.TryAdd(id, subscriber);
        return subscriber;
    }

    public bool Any(TKey key) => groups.TryGetValue(key, out var group) && !group.IsEmpty;

    public void Post(TKey key, T message)
    {
        if (groups.TryGetValue(key, out var group))
        {
            foreach (var subscriber in group.Values)
            {
                subscriber.Post(message);
            }
        }
    }

    public void PostToEveryone(Func<TKey, T> message)
    {
        foreach (var key in groups.Keys)
        {
            Post(key, message(key));
        }
    }

    /// <summary>
    /// One page's queue: the publisher only posts to it, and its own loop hands the messages to the page in order,
    /// so a page that is slow or broken never holds up the writer or the other pages.
    /// </summary>
    private sealed class Subscriber : IDisposable
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
}

/// <summary>A viewer's presence: disposing it leaves, once however often it is disposed.</summary>
internal sealed class Leaver(Func<Task> leave) : IAsyncDisposable
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
