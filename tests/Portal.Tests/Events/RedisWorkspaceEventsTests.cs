using System.Globalization;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;
using StackExchange.Redis;

namespace Portal.Tests.Events;

/// <summary>Two nodes on the test Redis, each test on channels and keys of its own.</summary>
public sealed class RedisWorkspaceEventsTests
{
    private static readonly Guid Workspace = Guid.NewGuid();

    [Fact]
    public async Task Changes_with_their_items_published_on_one_node_reach_the_other_intact_and_in_order()
    {
        var prefix = RedisNode.NewPrefix();
        await using var first = await RedisNode.StartAsync(prefix);
        await using var second = await RedisNode.StartAsync(prefix);
        var changes = new List<WorkspaceChange>();
        using var page = second.Record(Workspace, changes);
        var published = Enumerable.Range(0, 200).Select(NoteChange).ToList();

        foreach (var change in published)
        {
            await first.Events.PublishAsync(change);
        }

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count == published.Count);
        lock (changes)
        {
            Assert.Equal(published.Select(c => c.ItemId), changes.Select(c => c.ItemId));
            Assert.All(published.Zip(changes), pair =>
            {
                Assert.Equal(pair.First with { Changes = null }, pair.Second with { Changes = null });
                var sent = (ItemChanges<NoteView>)pair.First.Changes!;
                var arrived = Assert.IsType<ItemChanges<NoteView>>(pair.Second.Changes);
                Assert.Equal(sent.Upserted, arrived.Upserted);
                Assert.Equal(sent.Removed, arrived.Removed);
            });
        }
    }

    [Fact]
    public async Task A_user_s_notice_reaches_the_user_s_pages_on_another_node()
    {
        var prefix = RedisNode.NewPrefix();
        await using var first = await RedisNode.StartAsync(prefix);
        await using var second = await RedisNode.StartAsync(prefix);
        var topics = new List<string>();
        using var bell = second.Events.SubscribeUser("ada", topic =>
        {
            lock (topics)
            {
                topics.Add(topic);
            }

            return Task.CompletedTask;
        });

        await first.Events.PublishToUserAsync("grace", "comments");
        await first.Events.PublishToUserAsync("ada", "comments");

        await RedisNode.WaitUntilAsync(() => { lock (topics) { return topics.Count == 1; } }, "Ada's notice");
        Assert.Equal(["comments"], topics);
    }

    [Fact]
    public async Task Someone_on_one_node_is_seen_on_the_other_until_they_leave()
    {
        var prefix = RedisNode.NewPrefix();
        await using var first = await RedisNode.StartAsync(prefix);
        await using var second = await RedisNode.StartAsync(prefix);
        var changes = new List<WorkspaceChange>();
        using var page = second.Record(Workspace, changes);

        var presence = await first.Events.EnterAsync(Workspace, new WorkspaceViewer("ada", "Ada", "canvas"));

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Any(c => c is { Topic: InProcessWorkspaceEvents.PresenceTopic, ItemId: "canvas" }));
        Assert.Equal([new WorkspaceViewer("ada", "Ada", "canvas")], second.Events.Viewers(Workspace, "canvas"));
        Assert.Empty(second.Events.Viewers(Workspace));
        // The heartbeats that follow, which read what Redis holds, keep her there.
        var threeBeatsOn = DateTimeOffset.UtcNow.AddSeconds(3 * RedisNode.HeartbeatSeconds).ToUnixTimeMilliseconds();
        await RedisNode.WaitUntilAsync(
            () => second.Redis.GetDatabase().SortedSetRangeByRankWithScores($"{prefix}:nodes").All(n => n.Score > threeBeatsOn), "three heartbeats of each node");
        Assert.Single(second.Events.Viewers(Workspace, "canvas"));
        lock (changes)
        {
            Assert.Single(changes, c => c.Topic == InProcessWorkspaceEvents.PresenceTopic);
        }

        await presence.DisposeAsync();

        await RedisNode.WaitUntilAsync(() => second.Events.Viewers(Workspace, "canvas").Count == 0, "Ada leaving");
    }

    [Fact]
    public async Task A_node_that_dies_without_leaving_loses_its_viewers_on_the_others_after_the_expiry()
    {
        var prefix = RedisNode.NewPrefix();
        var dying = await RedisNode.StartAsync(prefix);
        await using var survivor = await RedisNode.StartAsync(prefix);
        var changes = new List<WorkspaceChange>();
        using var page = survivor.Record(Workspace, changes);
        await using var presence = await dying.Events.EnterAsync(Workspace, new WorkspaceViewer("ada", "Ada"));
        await RedisNode.WaitUntilAsync(() => survivor.Events.Viewers(Workspace).Count == 1, "Ada on the survivor");
        int presenceChangesBefore;
        lock (changes)
        {
            presenceChangesBefore = changes.Count(c => c.Topic == InProcessWorkspaceEvents.PresenceTopic);
        }

        // Dying: its connection goes, with no leave and no more heartbeats.
        await dying.Redis.DisposeAsync();
        var died = DateTime.UtcNow;

        await RedisNode.WaitUntilAsync(() => survivor.Events.Viewers(Workspace).Count == 0, "Ada gone from the survivor");
        Assert.InRange(DateTime.UtcNow - died, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c is { Topic: InProcessWorkspaceEvents.PresenceTopic, ItemId: WorkspaceViewer.HomePage }) > presenceChangesBefore);
        await dying.Events.DisposeAsync();
    }

    [Fact]
    public async Task After_a_dropped_connection_every_page_of_the_node_reloads_and_changes_flow_again()
    {
        var prefix = RedisNode.NewPrefix();
        await using var first = await RedisNode.StartAsync(prefix);
        await using var second = await RedisNode.StartAsync(prefix);
        var changes = new List<WorkspaceChange>();
        using var page = second.Record(Workspace, changes);
        var bell = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var user = second.Events.SubscribeUser("ada", topic => { bell.TrySetResult(topic); return Task.CompletedTask; });

        await KillSubscriptionOfAsync(second);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Any(c => c.Topic == WorkspaceChange.ReloadTopic));
        Assert.Equal(WorkspaceChange.ReloadTopic, await bell.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var reload = changes.First(c => c.Topic == WorkspaceChange.ReloadTopic);
        Assert.Equal((Workspace, (string?)null, (object?)null), (reload.WorkspaceId, reload.ItemId, reload.Changes));
        await first.Events.PublishAsync(NoteChange(1));
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Any(c => c.Topic == CanvasService.Topic));
    }

    [Fact]
    public void Changes_read_from_the_wire_may_only_name_the_portal_s_own_types()
    {
        var wire = WorkspaceChangeSerializer.ToWire(NoteChange(1));
        Assert.IsType<ItemChanges<NoteView>>(WorkspaceChangeSerializer.FromWire(wire).Changes);

        foreach (var foreign in new[]
        {
            new WireType("System.Diagnostics.Process", []),
            new WireType("System.Diagnostics.Process, System.Diagnostics.Process", []),
            new WireType("Portal.Features.Workspaces.ItemChanges`1[[System.Diagnostics.Process, System.Diagnostics.Process]]", []),
            wire.ChangesType! with { Arguments = [new WireType("System.Diagnostics.Process", [])] },
            new WireType("Portal.Features.Workspaces.NoSuchType", []),
        })
        {
            Assert.Throws<InvalidDataException>(() => WorkspaceChangeSerializer.FromWire(wire with { ChangesType = foreign }));
        }

        Assert.Throws<InvalidOperationException>(() => WorkspaceChangeSerializer.ToWire(NoteChange(1) with { Changes = new Uri("https://example.com") }));
    }

    internal static WorkspaceChange NoteChange(int index)
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddSeconds(index);
        var note = new NoteView(Guid.NewGuid(), CanvasBlock.Channels, $"Note {index} – “quoted”", NoteColour.Green, index, Guid.NewGuid(), at);
        return new WorkspaceChange(Workspace, CanvasService.Topic, index.ToString(CultureInfo.InvariantCulture), "ada", at)
        {
            Changes = new ItemChanges<NoteView>([note], [Guid.NewGuid()]),
        };
    }

    /// <summary>Closes the node's subscription connection on the server, as a network drop or a Redis failover would.</summary>
    private static async Task KillSubscriptionOfAsync(RedisNode node)
    {
        var configuration = ConfigurationOptions.Parse(TestServers.Redis);
        configuration.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(configuration);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var subscription = Assert.Single(await server.ClientListAsync(), c => c.Name == node.ClientName && c.ClientType == ClientType.PubSub);
        await server.ClientKillAsync(subscription.Id);
    }
}
