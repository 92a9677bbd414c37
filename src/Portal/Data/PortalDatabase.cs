using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Portal.Infrastructure;

namespace Portal.Data;

/// <summary>
/// Which database the portal uses and where it is, resolved once from <see cref="PortalOptions"/>: the embedded SQLite
/// file in the data folder, or the PostgreSQL server that <c>ConnectionStrings:Portal</c> names.
/// </summary>
public sealed class PortalDatabase
{
    public const string FileName = "portal.db";
    public const string ConnectionStringName = "Portal";

    public PortalDatabase(IOptions<PortalOptions> options, IHostEnvironment environment, IConfiguration configuration)
    {
        DataDirectory = options.Value.ResolveDataDirectory(environment.ContentRootPath);
        Provider = options.Value.Database.Provider;
        ConnectionString = Provider switch
        {
            DatabaseProvider.Postgres => configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } server
                ? server
                : throw new InvalidOperationException(
                    $"Portal:Database:Provider is {DatabaseProvider.Postgres}, but ConnectionStrings:{ConnectionStringName} is not set."),
            _ => new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(DataDirectory, FileName),
                // Writers wait for each other instead of failing at once with SQLITE_BUSY.
                DefaultTimeout = 30,
            }.ToString(),
        };
    }

    public string DataDirectory { get; }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }
}

/// <summary>The database engine: the embedded SQLite file, or a PostgreSQL server that several nodes share.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
