using Portal.Features.Cohorts;
using Portal.Features.Plan;

namespace Portal.Features.Decisions;

public static class DecisionsServiceCollectionExtensions
{
    public static IServiceCollection AddDecisions(this IServiceCollection services)
    {
        services.AddSingleton<DecisionService>();
        services.AddSingleton<IPlanSection, DecisionPlanSection>();
        services.AddSingleton<ICohortDashboardColumn, DecisionCountColumn>();
        return services;
    }
}
