using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure;

namespace Portal.Data;

public static class PortalDataServiceCollectionExtensions
{
    /// <summary>The name every node protects its cookies and tokens under, wherever its files are installed.</summary>
    public const string DataProtectionApplicationName = "Portal";

    /// <summary>Marks the health checks of what a node needs before it takes traffic (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Identity's settings shape the model (its passkey table): every role sets them, the worker too, which has no
        // accounts but migrates, so that each process sees the model the migrations were made from.
        builder.Services.Configure<IdentityOptions>(Components.Account.IdentityServiceCollectionExtensions.ConfigureIdentity);
        builder.Services.AddSingleton<PortalDatabase>();
        builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory>();
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        var keys = builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<PortalDbContext>();
        if (builder.Configuration.GetSection($"{PortalOptions.Section}:{nameof(PortalOptions.KeyProtection)}").Get<KeyProtectionOptions>() is { CertificatePath.Length: > 0 } protection)
        {
            keys.ProtectKeysWithCertificate(LoadCertificate(protection));
        }

        builder.Services.AddDatabaseDeveloperPageExceptionFilter();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    /// <exception cref="InvalidOperationException">The file is missing, unreadable or holds no private key: the node must not start and write keys it cannot read back.</exception>
    private static X509Certificate2 LoadCertificate(KeyProtectionOptions protection)
    {
        var path = protection.CertificatePath!;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, protection.CertificatePassword);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"Portal:KeyProtection:CertificatePath: the certificate {path} could not be read ({error.Message}).", error);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"Portal:KeyProtection:CertificatePath: {path} holds no private key, which reading the keys back needs.");
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        // Every check, as the embedded default has always answered; a load balancer asks the two below.
        endpoints.MapHealthChecks("/health").DisableRateLimiting();
        // The process answers at all: no check, so a slow database never gets a live node restarted.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).DisableRateLimiting();
        return endpoints;
    }
}
