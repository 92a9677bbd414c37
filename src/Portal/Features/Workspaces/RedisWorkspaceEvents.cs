using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
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
/// <item>Each node keeps its viewers in the hash <c>{prefix}:viewers:{node}</c>, which expires unless the node renews
/// it every heartbeat; the sorted set <c>{prefix}:nodes</c> names the nodes. Every heartbeat a node also reads the
/// others' hashes, so the viewers of a node that died go when its hash expires.</item>
/// <item>After the connection comes back, changes may have been missed: once the node reads its own resync marker
/// again (it listens again), each of its pages gets a <see cref="WorkspaceChange.ReloadTopic"/> change.</item>
/// </list>
/// </summary>
/// <remarks>
/// Once the host begins to stop, nothing more is delivered (as in <see cref="InProcessWorkspaceEvents"/>).
/// </remarks>
public sealed class RedisWorkspaceEvents : IWorkspaceEvents, IAsyncDisposable
{
    // Only for the list of nodes: a node's viewers expire long before, and the hour allows for clocks that disagree.
    private static readonly TimeSpan ForgetNodeAfter = TimeSpan.FromHours(1);

    private readonly IConnectionMultiplexer redis;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly TimeSpan heartbeat;
    private readonly TimeSpan viewersExpiry;
    private readonly string prefix;
    private readonly RedisChannel channel;
    private readonly RedisKey nodesKey;
    private readonly string node = Guid.NewGuid().ToString("N");
    private readonly LocalSubscribers<Guid, WorkspaceChange> subscribers;
    private readonly LocalSubscribers<string, string> userSubscribers;
    private readonly ConcurrentDictionary<Guid, PresentViewer> ownViewers = new();
    private readonly SemaphoreSlim ownViewersWrite = new(1, 1);
    private readonly Lock otherViewersLock = new();
    private readonly Dictionary<string, NodeViewers> otherViewers = new(StringComparer.Ordinal);
    private readonly PeriodicTimer heartbeats;
    private readonly Task<ChannelMessageQueue> subscription;
    private readonly Task heartbeatLoop;
    private long presenceMessagesRead;
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
        viewersExpiry = heartbeat * 3;
        prefix = options.Value.Prefix;
        channel = RedisChannel.Literal($"{prefix}:events");
        nodesKey = $"{prefix}:nodes";
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        subscribers = new(logger, change => change.Topic, stopping);
        userSubscribers = new(logger, topic => topic, stopping);
        heartbeats = new PeriodicTimer(heartbeat, clock);
        // Listening before the constructor returns, so that nothing sent from now on is missed, unless Redis is down.
        subscription = TrySubscribe() is { } listening ? Task.FromResult(listening) : SubscribeWhenRedisAnswersAsync();
        redis.ConnectionRestored += OnConnectionRestored;
        heartbeatLoop = Task.Run(BeatUntilDisposedAsync, CancellationToken.None);
    }

    public Task PublishAsync(WorkspaceChange change) => SendAsync(new ChangeMessage(node, WorkspaceChangeSerializer.ToWire(change)));

    public IDisposable Subscribe(Guid workspaceId, Func<WorkspaceChange, Task> handler) => subscribers.Add(workspaceId, handler);

    public async Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer)
    {
        var entry = Guid.NewGuid();
        var present = new PresentViewer(workspaceId, viewer);
        ownViewers[entry] = present;
        subscribers.Post(workspaceId, PresenceChange(present, clock.GetUtcNow()));
        await AnnounceAsync(entry, present, entered: true);
        return new Leaver(async () =>
        {
            if (ownViewers.TryRemove(entry, out _))
            {
                subscribers.Post(workspaceId, PresenceChange(present, clock.GetUtcNow()));
                await AnnounceAsync(entry, present, entered: false);
            }
        });
    }

    public IReadOnlyList<WorkspaceViewer> Viewers(Guid workspaceId, string page = WorkspaceViewer.HomePage)
    {
        List<WorkspaceViewer> present;
        lock (otherViewersLock)
        {
            present = [.. otherViewers.Values.SelectMany(n => n.Viewers.Values).Where(v => v.WorkspaceId == workspaceId).Select(v => v.Viewer)];
        }

        present.AddRange(ownViewers.Values.Where(v => v.WorkspaceId == workspaceId).Select(v => v.Viewer));
        return WorkspaceViewer.On(page, present);
    }

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

            var database = redis.GetDatabase();
            await database.KeyDeleteAsync(ViewersKey(node));
            await database.SortedSetRemoveAsync(nodesKey, node);
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

    private RedisKey ViewersKey(string ofNode) => $"{prefix}:viewers:{ofNode}";

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
                case PresenceMessage presence when presence.Node != node:
                    Apply(presence);
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
                await RenewOwnViewersAsync();
                await ReadOtherViewersAsync();
            }
            catch (Exception exception)
            {
                // The next heartbeat tries again; meanwhile the viewers known stay as they were.
                logger.LogWarning(exception, "Viewers could not be exchanged through Redis");
            }
        }
        while (await heartbeats.WaitForNextTickAsync());
    }

    /// <summary>Writes this node's viewers anew, which also brings them back into a Redis that lost them, and renews their expiry.</summary>
    private async Task RenewOwnViewersAsync()
    {
        var key = ViewersKey(node);
        var now = clock.GetUtcNow();
        await ownViewersWrite.WaitAsync();
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            var entries = ownViewers.Select(v => new HashEntry(v.Key.ToString("N"), JsonSerializer.Serialize(v.Value, WorkspaceChangeSerializer.Options))).ToArray();
            if (entries.Length > 0)
            {
                _ = transaction.HashSetAsync(key, entries);
                _ = transaction.KeyExpireAsync(key, viewersExpiry);
            }

            _ = transaction.SortedSetAddAsync(nodesKey, node, now.ToUnixTimeMilliseconds());
            _ = transaction.SortedSetRemoveRangeByScoreAsync(nodesKey, double.NegativeInfinity, (now - ForgetNodeAfter).ToUnixTimeMilliseconds());
            await transaction.ExecuteAsync();
        }
        finally
        {
            ownViewersWrite.Release();
        }
    }

    /// <summary>
    /// Takes what the other nodes' hashes hold as the truth, except for a node whose presence message arrived during
    /// the read (the message is newer), and tells the pages whose viewers changed.
    /// </summary>
    private async Task ReadOtherViewersAsync()
    {
        long messagesBefore;
        List<string> listenedTo;
        lock (otherViewersLock)
        {
            messagesBefore = presenceMessagesRead;
            listenedTo = [.. otherViewers.Keys];
        }

        var database = redis.GetDatabase();
        // The nodes known from their messages as well as those listed: a node that has just started may announce a
        // viewer before its first heartbeat lists it, and its viewer must not seem to leave meanwhile.
        var nodes = (await database.SortedSetRangeByRankAsync(nodesKey)).Select(n => n.ToString()).Union(listenedTo).Where(n => n != node).ToList();
        var hashes = await Task.WhenAll(nodes.Select(n => database.HashGetAllAsync(ViewersKey(n))));
        var read = nodes.Zip(hashes).ToDictionary(
            n => n.First,
            n => n.Second.ToDictionary(e => Guid.Parse(e.Name.ToString()), e => JsonSerializer.Deserialize<PresentViewer>(e.Value.ToString(), WorkspaceChangeSerializer.Options)!),
            StringComparer.Ordinal);

        var changed = new List<PresentViewer>();
        lock (otherViewersLock)
        {
            foreach (var name in otherViewers.Keys.Union(read.Keys).ToList())
            {
                var known = otherViewers.GetValueOrDefault(name);
                if (known?.LastMessage > messagesBefore)
                {
                    continue;
                }

                var before = known?.Viewers ?? [];
                var now = read.GetValueOrDefault(name) ?? [];
                changed.AddRange(before.Where(v => !now.TryGetValue(v.Key, out var same) || same != v.Value).Select(v => v.Value));
                changed.AddRange(now.Where(v => !before.TryGetValue(v.Key, out var same) || same != v.Value).Select(v => v.Value));
                if (now.Count == 0)
                {
                    otherViewers.Remove(name);
                }
                else
                {
                    otherViewers[name] = new NodeViewers(now, known?.LastMessage ?? 0);
                }
            }
        }

        var at = clock.GetUtcNow();
        foreach (var present in changed.DistinctBy(v => (v.WorkspaceId, v.Viewer.Page)))
        {
            subscribers.Post(present.WorkspaceId, PresenceChange(present, at));
        }
    }

    private void Apply(PresenceMessage message)
    {
        bool changed;
        lock (otherViewersLock)
        {
            if (!otherViewers.TryGetValue(message.Node, out var known))
            {
                otherViewers[message.Node] = known = new NodeViewers([], 0);
            }

            known.LastMessage = ++presenceMessagesRead;
            if (message.Entered)
            {
                changed = !known.Viewers.TryGetValue(message.Entry, out var same) || same != message.Present;
                known.Viewers[message.Entry] = message.Present;
            }
            else
            {
                changed = known.Viewers.Remove(message.Entry);
            }
        }

        // A heartbeat may have read the viewer from Redis before its message arrived; the pages heard of it then.
        if (changed)
        {
            subscribers.Post(message.Present.WorkspaceId, PresenceChange(message.Present, message.At));
        }
    }

    /// <summary>Writes one viewer's arrival or departure and tells the other nodes; if Redis is away, the next heartbeat writes it.</summary>
    private async Task AnnounceAsync(Guid entry, PresentViewer present, bool entered)
    {
        var key = ViewersKey(node);
        await ownViewersWrite.WaitAsync();
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            if (entered)
            {
                _ = transaction.HashSetAsync(key, entry.ToString("N"), JsonSerializer.Serialize(present, WorkspaceChangeSerializer.Options));
                _ = transaction.KeyExpireAsync(key, viewersExpiry);
            }
            else
            {
                _ = transaction.HashDeleteAsync(key, entry.ToString("N"));
            }

            await transaction.ExecuteAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(exception, "A viewer could not be written to Redis");
            return;
        }
        finally
        {
            ownViewersWrite.Release();
        }

        await SendAsync(new PresenceMessage(node, entry, present, entered, clock.GetUtcNow()));
    }

    private sealed record PresentViewer(Guid WorkspaceId, WorkspaceViewer Viewer);

    /// <summary>What this node knows of another node's viewers, and which presence message it read of it last.</summary>
    private sealed class NodeViewers(Dictionary<Guid, PresentViewer> viewers, long lastMessage)
    {
        public Dictionary<Guid, PresentViewer> Viewers { get; } = viewers;

        public long LastMessage { get; set; } = lastMessage;
    }

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
    [JsonDerivedType(typeof(ChangeMessage), "change")]
    [JsonDerivedType(typeof(UserMessage), "user")]
    [JsonDerivedType(typeof(PresenceMessage), "presence")]
    [JsonDerivedType(typeof(ResyncMessage), "resync")]
    private abstract record BusMessage(string Node);

    private sealed record ChangeMessage(string Node, WireChange Change) : BusMessage(Node);

    private sealed record UserMessage(string Node, string UserId, string Topic) : BusMessage(Node);

    private sealed record PresenceMessage(string Node, Guid Entry, PresentViewer Present, bool Entered, DateTimeOffset At) : BusMessage(Node);

    /// <summary>Its sender's pages reload when it reads this back; with <paramref name="EveryNode"/> every node's do, as a message of the sender's was lost.</summary>
    private sealed record ResyncMessage(string Node, bool EveryNode) : BusMessage(Node);
}
