using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Portal.Tests.Infrastructure;

/// <summary>The real portal on its own SQLite file in a fresh temporary data folder.</summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    public PortalAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
    }

    public string DataDirectory { get; }

    /// <summary>Sign-in attempts allowed per minute and address; high so that only the rate-limit test meets the limit.</summary>
    protected virtual int LoginPermitsPerMinute => 1000;

    protected virtual bool SeedDemoData => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:SeedDemoData", SeedDemoData ? "true" : "false");
        builder.UseSetting("Portal:LoginPermitsPerMinute", LoginPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
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
