using System.ComponentModel.DataAnnotations;
using Portal.Data;

namespace Portal.Infrastructure;

/// <summary>Settings under <c>Portal</c> in configuration.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the SQLite file and other runtime data; relative paths are under the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>The folder holding <c>guide/</c> and <c>datasets/</c>; by default the nearest <c>content</c> folder above the content root.</summary>
    public string? ContentDirectory { get; set; }

    /// <summary>Seeds the demo accounts and workspace. Defaults to on in Development.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Posts to the sign-in, registration and password-reset forms allowed per minute and client address.</summary>
    [Range(1, 10_000)]
    public int LoginPermitsPerMinute { get; set; } = 10;

    /// <summary>
    /// How often, in seconds, an open page checks its user's security stamp: signing out elsewhere, a changed password
    /// or a removed role (each renews the stamp) ends the page's session within this time.
    /// </summary>
    [Range(0.05, 3600)]
    public double CircuitRevalidationSeconds { get; set; } = 60;

    /// <summary>Settings under <c>Portal:Database</c>.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>How the keys that protect cookies and tokens are encrypted where they are stored: see <see cref="KeyProtectionOptions"/>.</summary>
    public KeyProtectionOptions KeyProtection { get; set; } = new();

    /// <summary>What this process does in a deployment of several: see <see cref="PortalRole"/>.</summary>
    public PortalRole Role { get; set; } = PortalRole.All;

    /// <summary>The role, read before the services are registered, since it decides which are.</summary>
    public static PortalRole RoleOf(IConfiguration configuration) =>
        configuration.GetValue($"{Section}:{nameof(Role)}", PortalRole.All);

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}

/// <summary>Settings under <c>Portal:Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (the default) or <c>Postgres</c>, which then needs <c>ConnectionStrings:Portal</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>
/// Settings under <c>Portal:KeyProtection</c>. The Data Protection keys live in the database, which every node shares;
/// with a certificate each key is encrypted with it before it is stored, so that a copy of the database (a backup, a
/// replica) does not give away the keys that sign everyone's cookies. Every node needs the same certificate.
/// </summary>
public sealed class KeyProtectionOptions
{
    /// <summary>A PKCS #12 (.pfx) file holding the certificate and its private key; none keeps the keys unencrypted.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password, if it has one (from the environment or a secret store, not appsettings).</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>What one portal process does.</summary>
public enum PortalRole
{
    /// <summary>Pages and training in one process: the embedded default, and a single node.</summary>
    All,

    /// <summary>Pages only: queues training runs for the workers and never trains.</summary>
    Web,

    /// <summary>Trains queued runs and answers <c>/health</c>; no pages, no circuits.</summary>
    Worker,
}
