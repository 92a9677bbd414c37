using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_200_Healthy_when_the_database_answers()
    {
        await using var factory = new PortalAppFactory();
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_503_when_the_database_file_is_gone()
    {
        await using var factory = new PortalAppFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(factory.DataDirectory, PortalDatabase.FileName + "*"))
        {
            File.Delete(file);
        }

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        // Alive all the same: the process answers, so nothing should restart it for a database it cannot reach.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_postgres_node_is_ready_while_its_database_answers_and_only_alive_once_the_database_is_gone()
    {
        var database = await TestServers.CreateDatabaseAsync();
        await using var node = new PostgresNodeFactory(database, seedDemoData: false);
        var client = node.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));

        await using (var connection = new NpgsqlConnection(TestServers.PostgresAdministration))
        {
            await connection.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(database).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_node_whose_redis_does_not_answer_is_alive_but_not_ready()
    {
        await using var node = new UnreachableRedisNode();
        var client = node.CreateClient();

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>Told to use a Redis on a port nothing listens on, failing at once rather than after the default timeout.</summary>
    private sealed class UnreachableRedisNode : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Redis:Connection", "127.0.0.1:1,connectTimeout=500");
        }
    }
}
