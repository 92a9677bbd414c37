using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;

namespace Portal.Features.Workspaces;

/// <summary>
/// Who has which page open, on every node (the presence half of <see cref="RedisWorkspaceEvents"/>). Each node keeps its
/// viewers in the hash <c>{prefix}:viewers:{node}</c>, which expires unless the node renews it every heartbeat; the
/// sorted set <c>{prefix}:nodes</c> names the nodes. Every heartbeat a node also reads the others' hashes, so the
/// viewers of a node that died go when its hash expires; between heartbeats, presence messages keep the view current.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "The semaphore's wait handle is never used, so it holds nothing to free; pages may still leave after the node stopped.")]
internal sealed class RedisPresence(
    IConnectionMultiplexer redis,
    string prefix,
    string node,
    TimeSpan heartbeat,
    TimeProvider clock,
    ILogger logger,
    Func<PresenceMessage, Task> send,
    Action<PresentViewer, DateTimeOffset> tell)
{
    // Only for the list of nodes: a node's viewers expire long before, and the hour allows for clocks that disagree.
    private static readonly TimeSpan ForgetNodeAfter = TimeSpan.FromHours(1);

    private readonly TimeSpan viewersExpiry = heartbeat * 3;
    private readonly RedisKey nodesKey = $"{prefix}:nodes";
    private readonly ConcurrentDictionary<Guid, PresentViewer> ownViewers = new();
    private readonly SemaphoreSlim ownViewersWrite = new(1, 1);
    private readonly Lock otherViewersLock = new();
    private readonly Dictionary<string, NodeViewers> otherViewers = new(StringComparer.Ordinal);
    private long presenceMessagesRead;

    /// <summary>Marks the viewer present here and on every node until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> EnterAsync(Guid workspaceId, WorkspaceViewer viewer)
    {
        var entry = Guid.NewGuid();
        var present = new PresentViewer(workspaceId, viewer);
        ownViewers[entry] = present;
        tell(present, clock.GetUtcNow());
        await AnnounceAsync(entry, present, entered: true);
        return new Leaver(async () =>
        {
            if (ownViewers.TryRemove(entry, out _))
            {
                tell(present, clock.GetUtcNow());
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

    /// <summary>One heartbeat: renews this node's viewers in Redis and reads the other nodes'.</summary>
    public async Task ExchangeAsync()
    {
        await RenewOwnViewersAsync();
        await ReadOtherViewersAsync();
    }

    /// <summary>A viewer of another node entered or left, as its message says.</summary>
    public void Apply(PresenceMessage message)
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
            tell(message.Present, message.At);
        }
    }

    /// <summary>Leaves at once as the node stops: the other nodes drop its viewers at their next heartbeat, not at expiry.</summary>
    public async Task LeaveAsync()
    {
        var database = redis.GetDatabase();
        await database.KeyDeleteAsync(ViewersKey(node));
        await database.SortedSetRemoveAsync(nodesKey, node);
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
            tell(present, at);
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

        await send(new PresenceMessage(node, entry, present, entered, clock.GetUtcNow()));
    }

    private RedisKey ViewersKey(string ofNode) => $"{prefix}:viewers:{ofNode}";


    /// <summary>What this node knows of another node's viewers, and which presence message it read of it last.</summary>
    private sealed class NodeViewers(Dictionary<Guid, PresentViewer> viewers, long lastMessage)
    {
        public Dictionary<Guid, PresentViewer> Viewers { get; } = viewers;

        public long LastMessage { get; set; } = lastMessage;
    }
}

internal sealed record PresentViewer(Guid WorkspaceId, WorkspaceViewer Viewer);
