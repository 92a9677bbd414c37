using System.Collections.Concurrent;

namespace Portal.Features.Workspaces;

/// <summary>Something changed in a workspace; open pages of that workspace reload what <see cref="Topic"/> names.</summary>
public sealed record WorkspaceChange(Guid WorkspaceId, string Topic, string? ItemId, string ActorId, DateTimeOffset At);

/// <summary>Someone with a page of the workspace open.</summary>
public sealed record WorkspaceViewer(string UserId, string DisplayName);

/// <summary>
/// Live updates between everyone looking at a workspace. In-process for one node; a Redis
/// implementation behind the same interface serves several nodes.
/// </summary>
public interface IWorkspaceEvents
{
    Task PublishAsync(WorkspaceChange change);

    /// <summary>Calls <paramref name="handler"/> for every change of the workspace until the subscription is disposed.</summary>
    IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler);

    /// <summary>Marks the viewer as present until the returned handle is disposed; others get a <c>presence</c> change.</summary>
    Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer);

    IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId);

    /// <summary>Tells one user's open pages that something for them changed (a notification, for example).</summary>
    Task PublishToUserAsync(string userId, string topic);

    IDisposable SubscribeUser(string userId, Func<string, Task> handler);
}

public sealed class InProcessWorkspaceEvents(ILogger<InProcessWorkspaceEvents> logger, TimeProvider clock) : IWorkspaceEvents
{
    public const string PresenceTopic = "presence";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<WorkspaceChange, Task>>> subscribers = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, WorkspaceViewer>> viewers = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<string, Task>>> userSubscribers = new(StringComparer.Ordinal);

    public Task PublishAsync(WorkspaceChange change) =>
        subscribers.TryGetValue(change.WorkspaceId, out var handlers) ? DeliverAsync(handlers.Values, change, change.Topic) : Task.CompletedTask;

    public IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler)
    {
        var id = Guid.NewGuid();
        subscribers.GetOrAdd(workspaceId, _ => new()).TryAdd(id, handler);
        return new Unsubscriber(() =>
        {
            if (subscribers.TryGetValue(workspaceId, out var handlers))
            {
                handlers.TryRemove(id, out _);
            }
        });
    }

    public async Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer)
    {
        var id = Guid.NewGuid();
        viewers.GetOrAdd(workspaceId, _ => new()).TryAdd(id, viewer);
        await PublishAsync(new WorkspaceChange(workspaceId, PresenceTopic, null, viewer.UserId, clock.GetUtcNow()));
        return new Leaver(async () =>
        {
            if (viewers.TryGetValue(workspaceId, out var present) && present.TryRemove(id, out _))
            {
                await PublishAsync(new WorkspaceChange(workspaceId, PresenceTopic, null, viewer.UserId, clock.GetUtcNow()));
            }
        });
    }

    public IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId) =>
        viewers.TryGetValue(workspaceId, out var present)
            ? present.Values.DistinctBy(v => v.UserId).OrderBy(v => v.DisplayName, StringComparer.CurrentCulture).ToList()
            : [];

    public Task PublishToUserAsync(string userId, string topic) =>
        userSubscribers.TryGetValue(userId, out var handlers) ? DeliverAsync(handlers.Values, topic, topic) : Task.CompletedTask;

    public IDisposable SubscribeUser(string userId, Func<string, Task> handler)
    {
        var id = Guid.NewGuid();
        userSubscribers.GetOrAdd(userId, _ => new()).TryAdd(id, handler);
        return new Unsubscriber(() =>
        {
            if (userSubscribers.TryGetValue(userId, out var handlers))
            {
                handlers.TryRemove(id, out _);
            }
        });
    }

    private async Task DeliverAsync<T>(IEnumerable<Func<T, Task>> handlers, T message, string topic)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await handler(message);
            }
            catch (Exception exception)
            {
                // One broken page must not keep the change from the others.
                logger.LogWarning(exception, "A subscriber failed on {Topic}", topic);
            }
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                unsubscribe();
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
