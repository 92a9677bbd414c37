using Portal.Features.Cohorts;
using Portal.Features.Plan;

namespace Portal.Features.Research;

public static class ResearchServiceCollectionExtensions
{
    public static IServiceCollection AddResearch(this IServiceCollection services)
    {
        services.AddSingleton<ResearchService>();
        services.AddSingleton<IPlanSection, ResearchPlanSection>();
        services.AddSingleton<ICohortDashboardColumn, ResearchCountColumn>();
        return services;
    }
}
