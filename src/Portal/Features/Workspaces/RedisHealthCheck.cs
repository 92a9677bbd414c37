using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Portal.Features.Workspaces;

/// <summary>
/// Healthy when Redis answers, or when none is configured (one node needs none). A node that cannot reach the Redis it
/// was given would keep its pages from hearing the other nodes' changes, so it should take no traffic.
/// </summary>
internal sealed class RedisHealthCheck(IOptions<RedisOptions> options, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Connection.Length == 0)
        {
            return HealthCheckResult.Healthy("No Redis configured: events stay in this process.");
        }

        try
        {
            var latency = await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0} ms.");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis cannot be reached.", exception);
        }
    }
}
