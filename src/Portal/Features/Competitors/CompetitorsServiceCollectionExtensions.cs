using Portal.Features.Cohorts;
using Portal.Features.Plan;

namespace Portal.Features.Competitors;

public static class CompetitorsServiceCollectionExtensions
{
    /// <summary>The companies and strategy service, the plan section and the dashboard column (the matrix's and maps' parts register their own).</summary>
    public static IServiceCollection AddCompetitors(this IServiceCollection services)
    {
        services.AddSingleton<CompetitorService>();
        services.AddSingleton<CompetitorPlanSection>();
        services.AddSingleton<IPlanSection>(provider => provider.GetRequiredService<CompetitorPlanSection>());
        services.AddSingleton<ICohortDashboardColumn, CompetitorCountColumn>();
        return services;
    }
}
