using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>
/// Makes the portal's contexts for the configured database: <see cref="PortalDbContext"/> on SQLite, or
/// <see cref="PostgresPortalDbContext"/> on PostgreSQL, so that services ask for one type and each engine gets its own
/// migrations. The engine is chosen when the factory is first asked for, after configuration is complete.
/// </summary>
internal sealed class PortalDbContextFactory : IDbContextFactory<PortalDbContext>
{
    private readonly Func<PortalDbContext> create;

    public PortalDbContextFactory(PortalDatabase database, IServiceProvider services)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var options = Options(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString), services);
            create = () => new PostgresPortalDbContext(options);
        }
        else
        {
            var options = Options(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(database.ConnectionString), services);
            create = () => new PortalDbContext(options);
        }
    }

    public PortalDbContext CreateDbContext() => create();

    // The app's services, for Identity's settings that shape the model, and its logging.
    private static DbContextOptions<TContext> Options<TContext>(DbContextOptionsBuilder<TContext> engine, IServiceProvider services)
        where TContext : DbContext =>
        engine.UseApplicationServiceProvider(services).UseLoggerFactory(services.GetRequiredService<ILoggerFactory>()).Options;
}

/// <summary>
/// For <c>dotnet ef migrations add</c>, one factory per context type: the tools pick a factory whose context merely
/// derives from the one asked for, so SQLite's context needs one of its own too. Writing migrations connects to nothing.
/// </summary>
internal sealed class SqlitePortalDbContextDesignFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design-time.db")
            .UseApplicationServiceProvider(IdentitySettings()).Options);

    /// <summary>The identity settings the portal runs with, which decide some of the model's tables.</summary>
    internal static IServiceProvider IdentitySettings() =>
        new ServiceCollection().Configure<IdentityOptions>(Components.Account.IdentityServiceCollectionExtensions.ConfigureIdentity).BuildServiceProvider();
}

/// <inheritdoc cref="SqlitePortalDbContextDesignFactory"/>
internal sealed class PostgresPortalDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=portal")
            .UseApplicationServiceProvider(SqlitePortalDbContextDesignFactory.IdentitySettings()).Options);
}
