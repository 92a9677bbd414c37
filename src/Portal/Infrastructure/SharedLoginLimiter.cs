using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Portal.Infrastructure;

/// <summary>
/// One client's budget of posts to the account forms, counted in Redis so that every node draws on it. While Redis
/// cannot be reached, the node counts on its own instead: a client may then get the limit once per node, but people
/// can still sign in, where failing the shared count would answer every sign-in with 500. The shared count resumes
/// when Redis answers again.
/// </summary>
internal sealed class SharedLoginLimiter(RateLimiter shared, RateLimiter local, IConnectionMultiplexer redis, ILogger logger) : RateLimiter
{
    public static SharedLoginLimiter Create(IServiceProvider services, string prefix, string client, FixedWindowRateLimiterOptions window)
    {
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var shared = new RedisFixedWindowRateLimiter<string>($"login:{client}", new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => KeyPrefixedConnection.Create(redis, $"{prefix}:"),
            PermitLimit = window.PermitLimit,
            Window = window.Window,
        });
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<SharedLoginLimiter>();
        return new SharedLoginLimiter(shared, new FixedWindowRateLimiter(window), redis, logger);
    }

    public override TimeSpan? IdleDuration =>
        shared.IdleDuration is { } sharedIdle && local.IdleDuration is { } localIdle ? TimeSpan.FromTicks(Math.Min(sharedIdle.Ticks, localIdle.Ticks)) : null;

    // The shared count is in Redis; the node knows no statistics of it.
    public override RateLimiterStatistics? GetStatistics() => null;

    // Refused, as RedisRateLimiting refuses every attempt that cannot wait: the rate-limiting middleware then calls
    // AcquireAsync, which can ask Redis.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        // Not connected: the node's own count at once, rather than after a command to Redis times out.
        if (redis.IsConnected)
        {
            try
            {
                return await shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Redis did not answer for the sign-in limit; this node counts this attempt on its own");
            }
        }

        return await local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await shared.DisposeAsync();
        await local.DisposeAsync();
        await base.DisposeAsyncCore();
    }
}
