using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure;

namespace Portal.Data;

public static class PortalDataServiceCollectionExtensions
{
    /// <summary>The name every node protects its cookies and tokens under, wherever its files are installed.</summary>
    public const string DataProtectionApplicationName = "Portal";

    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PortalDatabase>();
        builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory>();
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<PortalDbContext>();
        builder.Services.AddDatabaseDeveloperPageExceptionFilter();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health").DisableRateLimiting();
        return endpoints;
    }
}
