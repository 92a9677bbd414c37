using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;


namespace Portal.Data;

/// <summary>
/// Makes the portal's contexts for the configured database: <see cref="PortalDbContext"/> on SQLite, or
/// <see cref="PostgresPortalDbContext"/> on PostgreSQL, so that services ask for one type and each engine gets its own
/// migrations. The choice is made when the first context is asked for, after configuration is complete.
/// </summary>
internal sealed class PortalDbContextFactory : IDbContextFactory<PortalDbContext>
{
    private readonly Func<PortalDbContext> create;

    public PortalDbContextFactory(PortalDatabase database, IServiceProvider services)
    {
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var options = new DbContextOptionsBuilder<PostgresPortalDbContext>()
                .UseNpgsql(database.ConnectionString)
                .UseApplicationServiceProvider(services)
                .UseLoggerFactory(loggerFactory)
                .Options;
            create = () => new PostgresPortalDbContext(options);
        }
        else
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>()
                .UseSqlite(database.ConnectionString)
                .UseApplicationServiceProvider(services)
                .UseLoggerFactory(loggerFactory)
                .Options;
            create = () => new PortalDbContext(options);
        }
    }

    public PortalDbContext CreateDbContext() => create();
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
