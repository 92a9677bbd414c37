using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using StackExchange.Redis;

namespace Portal.Tests.Events;

/// <summary>One portal node's live updates on the test Redis: its own connection, its own events, a quick heartbeat.</summary>
internal sealed class RedisNode : IAsyncDisposable
{
    /// <summary>Quick enough that a node that died is gone within a second (three heartbeats).</summary>
    public const double HeartbeatSeconds = 0.2;

    private RedisNode(ConnectionMultiplexer redis, RedisWorkspaceEvents events, string clientName)
    {
        Redis = redis;
        Events = events;
        ClientName = clientName;
    }

    public ConnectionMultiplexer Redis { get; }

    public RedisWorkspaceEvents Events { get; }

    /// <summary>The name this node's connections give Redis, so a test can find them in CLIENT LIST.</summary>
    public string ClientName { get; }

    /// <summary>A node on the channels and keys under <paramref name="prefix"/>, which each test makes its own.</summary>
    public static async Task<RedisNode> StartAsync(string prefix)
    {
        var clientName = "node-" + Guid.NewGuid().ToString("N");
        var configuration = ConfigurationOptions.Parse(TestServers.Redis);
        configuration.ClientName = clientName;
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        var options = Options.Create(new RedisOptions { Prefix = prefix, HeartbeatSeconds = HeartbeatSeconds });
        return new RedisNode(redis, new RedisWorkspaceEvents(redis, options, NullLogger<RedisWorkspaceEvents>.Instance, TimeProvider.System), clientName);
    }

    /// <summary>Adds every change of the workspace that reaches this node to <paramref name="changes"/> (under its lock), as <see cref="Workspaces.WorkspaceWorld.RecordChanges"/> does.</summary>
    public IDisposable Record(Guid workspaceId, List<WorkspaceChange> changes) =>
        Events.Subscribe(workspaceId, change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }

            return Task.CompletedTask;
        });

    public static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N");

    /// <summary>Waits until <paramref name="condition"/> holds; changes and heartbeats arrive on their own time.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited in vain: {what}.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Events.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
