using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Portal.Features.Workspaces;

/// <summary>The Redis that links the nodes of a scale-out deployment (section <c>Redis</c>).</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis's configuration string (<c>127.0.0.1:6379</c>); empty runs the in-process events of one node.</summary>
    public string Connection { get; set; } = "";

    /// <summary>Starts the name of every channel and key, so that portals sharing one Redis do not hear each other.</summary>
    public string Prefix { get; set; } = "portal";

    /// <summary>How often a node renews its viewers in Redis and reads the other nodes'; a node that stops is gone after three times this.</summary>
    public double HeartbeatSeconds { get; set; } = 5;
}

/// <summary>
/// Live updates between the nodes of a scale-out deployment, through Redis.
/// <list type="bullet">
/// <item>Everything travels on one channel, <c>{prefix}:events</c>, which each node reads in order: changes, user
/// notices, viewers entering and leaving, and resync markers. A node hands what it reads to its own pages' queues.</item>
/// <item>Who has which page open is kept by <see cref="RedisPresence"/>, renewed and read every heartbeat.</item>
/// <item>After the connection comes back, changes may have been missed: once the node reads its own resync marker
/// again (it listens again), each of its pages gets a <see cref="WorkspaceChange.ReloadTopic"/> change.</item>
/// </list>
/// </summary>
/// <remarks>
/// Once the host begins to stop, nothing more is delivered (as in <see cref="InProcessWorkspaceEvents"/>).
/// </remarks>
public sealed class RedisWorkspaceEvents : IWorkspaceEvents, IAsyncDisposable
{
    private readonly IConnectionMultiplexer redis;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly TimeSpan heartbeat;
    private readonly RedisChannel channel;
    private readonly string node = Guid.NewGuid().ToString("N");
    private readonly LocalSubscribers<Guid, WorkspaceChange> subscribers;
    private readonly LocalSubscribers<string, string> userSubscribers;
    private readonly RedisPresence presence;
    private readonly PeriodicTimer heartbeats;
    private readonly Task<ChannelMessageQueue> subscription;
    private readonly Task heartbeatLoop;
    private int sendFailed;
    private int disposed;
    private TaskCompletionSource? resync;

    public RedisWorkspaceEvents(
        IConnectionMultiplexer redis,
        IOptions<RedisOptions> options,
        ILogger<RedisWorkspaceEvents> logger,
        TimeProvider clock,
        IHostApplicationLifetime? lifetime = null)
    {
        this.redis = redis;
        this.logger = logger;
        this.clock = clock;
        heartbeat = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        channel = RedisChannel.Literal($"{options.Value.Prefix}:events");
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        subscribers = new(logger, change => change.Topic, stopping);
        userSubscribers = new(logger, topic => topic, stopping);
        presence = new RedisPresence(redis, options.Value.Prefix, node, heartbeat, clock, logger, message => SendAsync(message),
            (present, at) => subscribers.Post(present.WorkspaceId, PresenceChange(present, at)));
        heartbeats = new PeriodicTimer(heartbeat, clock);
        // Listening before the constructor returns, so that nothing sent from now on is missed, unless Redis is down.
        subscription = TrySubscribe() is { } listening ? Task.FromResult(listening) : SubscribeWhenRedisAnswersAsync();
        redis.ConnectionRestored += OnConnectionRestored;
        heartbeatLoop = Task.Run(BeatUntilDisposedAsync, CancellationToken.None);
    }

    public Task PublishAsync(WorkspaceChange change) => SendAsync(new ChangeMessage(node, WorkspaceChangeSerializer.ToWire(change)));

    public IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler) => subscribers.Add(workspaceId, handler);

    public Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer) => presence.EnterAsync(workspaceId, viewer);

    public IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId, string page = WorkspaceViewer.HomePage) => presence.Viewers(workspaceId, page);

    public Task PublishToUserAsync(string userId, string topic) => SendAsync(new UserMessage(node, userId, topic));

    public IDisposable SubscribeUser(string userId, Func<string, Task> handler) => userSubscribers.Add(userId, handler);

    /// <summary>Stops, and leaves at once: the other nodes drop this node's viewers at their next heartbeat, not at expiry.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        redis.ConnectionRestored -= OnConnectionRestored;
        heartbeats.Dispose();
        await heartbeatLoop;
        try
        {
            if (subscription.IsCompletedSuccessfully)
            {
                await subscription.Result.UnsubscribeAsync();
            }

            await presence.LeaveAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogInformation(exception, "This node could not leave Redis; its viewers expire instead");
        }
    }

    private ChannelMessageQueue? TrySubscribe()
    {
        try
        {
            var listening = redis.GetSubscriber().Subscribe(channel);
            listening.OnMessage(Receive);
            return listening;
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Not listening to the other nodes yet: Redis does not answer");
            return null;
        }
    }

    /// <summary>
    /// Tries again each heartbeat: a node may start while Redis is down (it is then alive but not ready), and its pages
    /// reload once it hears the other nodes, since they may have missed changes meanwhile.
    /// </summary>
    private async Task<ChannelMessageQueue> SubscribeWhenRedisAnswersAsync()
    {
        while (true)
        {
            await Task.Delay(heartbeat, clock);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) == 1, this);
            if (TrySubscribe() is { } listening)
            {
                Reload();
                return listening;
            }
        }
    }

    private static WorkspaceChange PresenceChange(PresentViewer present, DateTimeOffset at) =>
        new(present.WorkspaceId, InProcessWorkspaceEvents.PresenceTopic, present.Viewer.Page, present.Viewer.UserId, at);

    private async Task SendAsync(BusMessage message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(channel, JsonSerializer.Serialize(message, WorkspaceChangeSerializer.Options));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            // What it announces is saved; the nodes that missed it reload once the connection is back (see ResyncAsync).
            Interlocked.Exchange(ref sendFailed, 1);
            logger.LogWarning(exception, "A {Message} could not be sent to the other nodes", message.GetType().Name);
        }
    }

    /// <summary>Called in order, one message at a time, for everything read from the channel.</summary>
    private void Receive(ChannelMessage message)
    {
        try
        {
            switch (JsonSerializer.Deserialize<BusMessage>(message.Message.ToString(), WorkspaceChangeSerializer.Options))
            {
                case ChangeMessage { Change: var change } when subscribers.Any(change.WorkspaceId):
                    subscribers.Post(change.WorkspaceId, WorkspaceChangeSerializer.FromWire(change));
                    break;
                case UserMessage notice:
                    userSubscribers.Post(notice.UserId, notice.Topic);
                    break;
                case PresenceMessage viewer when viewer.Node != node:
                    presence.Apply(viewer);
                    break;
                case ResyncMessage marker when marker.Node == node || marker.EveryNode:
                    Reload();
                    if (marker.Node == node)
                    {
                        Volatile.Read(ref resync)?.TrySetResult();
                    }

                    break;
            }
        }
        catch (Exception exception)
        {
            // One unreadable message must not stop the ones after it.
            logger.LogWarning(exception, "A message from the other nodes could not be read");
        }
    }

    private void Reload()
    {
        var at = clock.GetUtcNow();
        subscribers.PostToEveryone(workspaceId => new WorkspaceChange(workspaceId, WorkspaceChange.ReloadTopic, null, "", at));
        userSubscribers.PostToEveryone(_ => WorkspaceChange.ReloadTopic);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _ = ResyncAsync();

    /// <summary>
    /// Sends a marker until this node reads it back: only then is its subscription active again, so whatever its pages
    /// reload afterwards, no later change can be missed. A marker after a failed send makes every node's pages reload.
    /// </summary>
    private async Task ResyncAsync()
    {
        var resynced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref resync, resynced);
        // A later restore starts its own resync, which this one leaves to.
        while (!resynced.Task.IsCompleted && Volatile.Read(ref resync) == resynced && Volatile.Read(ref disposed) == 0)
        {
            await SendAsync(new ResyncMessage(node, EveryNode: Interlocked.Exchange(ref sendFailed, 0) == 1));
            await Task.WhenAny(resynced.Task, Task.Delay(heartbeat, clock));
        }
    }

    private async Task BeatUntilDisposedAsync()
    {
        do
        {
            try
            {
                await presence.ExchangeAsync();
            }
            catch (Exception exception)
            {
                // The next heartbeat tries again; meanwhile the viewers known stay as they were.
                logger.LogWarning(exception, "Viewers could not be exchanged through Redis");
            }
        }
        while (await heartbeats.WaitForNextTickAsync());
    }
}
