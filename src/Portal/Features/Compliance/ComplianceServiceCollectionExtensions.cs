using Portal.Content;
using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Compliance;

public static class ComplianceServiceCollectionExtensions
{
    public static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        // The checklists are read once, from the same content folder as the guide; a problem in them is logged as the
        // guide's are, and the regime file that has it is left out (ComplianceCatalog.Load never throws for content).
        services.AddSingleton(provider =>
        {
            var catalog = ComplianceCatalog.Load(PortalContent.Directory(provider));
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Portal.Compliance");
            foreach (var error in catalog.Errors)
            {
                logger.LogError("Compliance content problem: {Error}", error);
            }

            return catalog;
        });
        services.AddSingleton<ComplianceService>();
        services.AddSingleton<IPlanSection, CompliancePlanSection>();
        services.AddSingleton<ICohortDashboardColumn, ComplianceProgressColumn>();
        return services;
    }
}
