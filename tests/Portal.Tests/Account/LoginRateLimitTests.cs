using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Tests.Events;
using Portal.Tests.Infrastructure;
using StackExchange.Redis;

namespace Portal.Tests.Account;

public sealed class LoginRateLimitFactory : PortalAppFactory
{
    public const int Permits = 3;

    protected override int LoginPermitsPerMinute => Permits;
}

public sealed class LoginRateLimitTests(LoginRateLimitFactory factory) : IClassFixture<LoginRateLimitFactory>
{
    [Fact]
    public async Task Posts_to_the_account_forms_beyond_the_limit_are_refused_with_429()
    {
        var client = factory.CreateBrowserClient();
        // Sign-in, registration and password reset share one budget: each could be repeated to learn which addresses have accounts.
        Func<Task<HttpResponseMessage>>[] attempts =
        [
            () => AccountTests.LogInAsync(client, "nobody@example.com", "Wrong-password-1"),
            () => FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com" }),
            () => FormPoster.SubmitAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com" }),
        ];
        Assert.Equal(LoginRateLimitFactory.Permits, attempts.Length);
        foreach (var attempt in attempts)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await attempt()).StatusCode);
        }

        var refused = await AccountTests.LogInAsync(client, "nobody@example.com", "Wrong-password-1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("尝试过于频繁", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Reading the pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Register")).StatusCode);
    }
}

/// <summary>The limit across the nodes of a scale-out deployment: one budget in Redis, each node's own while Redis is away.</summary>
public sealed class SharedLoginRateLimitTests
{
    [Fact]
    public async Task Attempts_alternated_between_two_nodes_are_refused_after_the_limit_in_total()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var prefix = RedisNode.NewPrefix();
        await using var first = new LimitedNode(database, prefix, TestServers.Redis);
        await using var second = new LimitedNode(database, prefix, TestServers.Redis);
        HttpClient[] nodes = [first.CreateBrowserClient(), second.CreateBrowserClient()];

        for (var attempt = 0; attempt < LoginRateLimitFactory.Permits; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AccountTests.LogInAsync(nodes[attempt % 2], "nobody@example.com", "Wrong-password-1")).StatusCode);
        }

        // The second node has taken one attempt only: on its own count it would take two more.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountTests.LogInAsync(nodes[1], "nobody@example.com", "Wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountTests.LogInAsync(nodes[0], "nobody@example.com", "Wrong-password-1")).StatusCode);
        var redis = first.Services.GetRequiredService<IConnectionMultiplexer>();
        var keys = redis.GetServers().Single().Keys(pattern: $"{prefix}:*").Select(key => key.ToString()).ToList();
        Assert.Contains(keys, key => key.StartsWith($"{prefix}:rl:fw:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Redis_unreachable_people_still_sign_in_within_the_node_s_own_limit()
    {
        // Nothing listens on port 1.
        await using var node = new LimitedNode(database: null, RedisNode.NewPrefix(), "127.0.0.1:1", seedDemoData: true);
        var reader = node.CreateBrowserClient();

        var signedIn = await AccountTests.LogInAsync(reader, DemoSeeder.FounderAEmail, DemoSeeder.Password);

        Assert.False(node.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var guesser = node.CreateBrowserClient();
        for (var attempt = 1; attempt < LoginRateLimitFactory.Permits; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AccountTests.LogInAsync(guesser, "nobody@example.com", "Wrong-password-1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountTests.LogInAsync(guesser, "nobody@example.com", "Wrong-password-1")).StatusCode);
    }

    private sealed class LimitedNode(string? database, string prefix, string redis, bool seedDemoData = false)
        : RedisNodeFactory(database, prefix, redis, seedDemoData)
    {
        protected override int LoginPermitsPerMinute => LoginRateLimitFactory.Permits;
    }
}
