using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

using Portal.Infrastructure;

namespace Portal.Tests.Infrastructure;

/// <summary>The real portal on its own SQLite file in a fresh temporary data folder.</summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    public PortalAppFactory()
        : this(Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N")))
    {
    }

    private PortalAppFactory(string dataDirectory)
    {
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    /// <summary>Whether disposing deletes the data folder; off for a host that another one restarts on.</summary>
    public bool DeleteDataOnDispose { get; init; } = true;

    /// <summary>Sign-in attempts allowed per minute and address; high so that only the rate-limit test meets the limit.</summary>
    protected virtual int LoginPermitsPerMinute => 1000;

    protected virtual bool SeedDemoData => true;

    /// <summary>A PostgreSQL database to run on instead of the SQLite file, or null for the embedded default.</summary>
    protected virtual string? PostgresDatabase => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        if (PostgresDatabase is { } postgres)
        {
            builder.UseSetting("Portal:Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Portal", postgres);
        }

        builder.UseSetting("Portal:SeedDemoData", SeedDemoData ? "true" : "false");
        builder.UseSetting("Portal:LoginPermitsPerMinute", LoginPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The committed Fashion-MNIST subset, whether or not Debian's full set is installed here, and a quick job queue.
        builder.UseSetting("ModelLab:FashionMnistFolder", Path.Combine(DataDirectory, "no-full-set"));
        builder.UseSetting("ModelLab:QueuePollSeconds", "0.2");
        // Warnings and errors only: start-up and job-engine chatter would push failures out of the visible end of the CI log.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>A portal on a given data folder, as a restarted process would find it; <paramref name="keepData"/> leaves the folder for the next one.</summary>
    public static PortalAppFactory OnDataDirectory(string dataDirectory, bool keepData) =>
        new(dataDirectory) { DeleteDataOnDispose = !keepData };

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && DeleteDataOnDispose)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean from the temp folder.
            }
        }
    }
}

/// <summary>A portal node on a given PostgreSQL database, as a node of a scale-out deployment runs, with any further <paramref name="settings"/>.</summary>
public sealed class PostgresNodeFactory(string database, bool seedDemoData, PortalRole role = PortalRole.All, IReadOnlyDictionary<string, string>? settings = null)
    : PortalAppFactory
{
    protected override bool SeedDemoData => seedDemoData;

    protected override string? PostgresDatabase => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Role", role.ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
