using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Portal.Infrastructure;

namespace Portal.Data;

/// <summary>Where the embedded SQLite database lives, resolved once from <see cref="PortalOptions"/>.</summary>
public sealed class PortalDatabase
{
    public const string FileName = "portal.db";

    public PortalDatabase(IOptions<PortalOptions> options, IHostEnvironment environment)
    {
        DataDirectory = options.Value.ResolveDataDirectory(environment.ContentRootPath);
        FilePath = Path.Combine(DataDirectory, FileName);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            // Writers wait for each other instead of failing at once with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DataDirectory { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }
}
