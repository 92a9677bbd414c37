using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Events;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A portal node linked to the others through the Redis at <paramref name="redis"/>, under <paramref name="prefix"/>,
/// on a shared PostgreSQL <paramref name="database"/> (or its own SQLite file when null), as a node behind the load balancer.
/// </summary>
public class RedisNodeFactory(string? database, string prefix, string redis, bool seedDemoData = false) : PortalAppFactory
{
    protected override bool SeedDemoData => seedDemoData;

    protected override string? PostgresDatabase => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Redis:Connection", redis);
        builder.UseSetting("Redis:Prefix", prefix);
        builder.UseSetting("Redis:HeartbeatSeconds", RedisNode.HeartbeatSeconds.ToString(CultureInfo.InvariantCulture));
    }
}
