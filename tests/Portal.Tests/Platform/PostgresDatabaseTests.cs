using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Platform;

/// <summary>The scale-out profile's database: the portal on a real PostgreSQL server.</summary>
public sealed class PostgresDatabaseTests(PostgresWorkspaceWorld postgres) : IClassFixture<PostgresWorkspaceWorld>
{
    [Fact]
    public async Task Each_engine_s_migrations_cover_the_whole_model()
    {
        await using var sqlite = new PortalAppFactory();
        await using var onSqlite = await sqlite.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using var onPostgres = await postgres.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.True(onSqlite.Database.IsSqlite());
        Assert.IsType<PostgresPortalDbContext>(onPostgres);
        Assert.True(onPostgres.Database.IsNpgsql());
        // Fails when the model changed and one engine's set got no migration for it ("dotnet ef migrations add" per context; README).
        Assert.False(onSqlite.Database.HasPendingModelChanges(), "The SQLite migrations miss a model change.");
        Assert.False(onPostgres.Database.HasPendingModelChanges(), "The PostgreSQL migrations miss a model change.");
        Assert.Empty(await onPostgres.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Three_nodes_starting_at_once_on_an_empty_database_migrate_and_seed_it_exactly_once()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var nodes = Enumerable.Range(0, 3).Select(_ => new PostgresNodeFactory(database, seedDemoData: true)).ToList();
        try
        {
            // Each start migrates and seeds unless another node holds the start lock; without it two would create the same tables.
            await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Services)));

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            Assert.Equal(await CountAsync(connection, "SELECT count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\""),
                await CountAsync(connection, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
            Assert.Equal(PortalRoles.All.Count, await CountAsync(connection, "SELECT count(*) FROM \"AspNetRoles\""));
            Assert.Equal(1, await CountAsync(connection, $"SELECT count(*) FROM \"AspNetUsers\" WHERE \"Email\" = '{DemoSeeder.AdminEmail}'"));

            // A cookie-protecting key made by one node is the key every node uses.
            var protectors = nodes.Select(node => node.Services.GetRequiredService<IDataProtectionProvider>()
                .CreateProtector("test")).ToList();
            Assert.Equal("hello", protectors[2].Unprotect(protectors[0].Protect("hello")));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_user_saved_through_identity_on_postgres_signs_in_with_the_password()
    {
        await using var scope = postgres.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var id = await TestUsers.CreateAsync(postgres.Services, "Pg", PortalRoles.Founder);
        var user = await users.FindByIdAsync(id);

        Assert.NotNull(user);
        Assert.True(await users.CheckPasswordAsync(user, TestUsers.Password));
        Assert.False(await users.CheckPasswordAsync(user, TestUsers.Password + "x"));
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
