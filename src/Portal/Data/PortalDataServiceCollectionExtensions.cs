using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure;

namespace Portal.Data;

public static class PortalDataServiceCollectionExtensions
{
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PortalDatabase>();
        builder.Services.AddDbContextFactory<PortalDbContext>((services, options) =>
            options.UseSqlite(services.GetRequiredService<PortalDatabase>().ConnectionString));
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
