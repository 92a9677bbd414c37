using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Infrastructure;

namespace Portal.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// Creates or upgrades the database from migrations, then seeds roles and, when enabled, demo data; a worker
    /// (<paramref name="withAccounts"/> false) has no account services and leaves the accounts to the web nodes.
    /// </summary>
    public static async Task PreparePortalDatabaseAsync(this IServiceProvider services, IHostEnvironment environment, bool withAccounts = true)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var database = provider.GetRequiredService<PortalDatabase>();
        Directory.CreateDirectory(database.DataDirectory);
        // Nodes starting together: one migrates and seeds, the others wait for it and then find nothing left to do.
        await using var startLock = await StartLock.AcquireAsync(database);

        await using (var db = await provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers go on while a writer commits; the mode is stored in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }

        if (!withAccounts)
        {
            return;
        }

        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var options = provider.GetRequiredService<IOptions<PortalOptions>>().Value;
        if (options.SeedDemoData ?? environment.IsDevelopment())
        {
            await DemoSeeder.SeedAsync(provider);
        }
    }

    internal static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
