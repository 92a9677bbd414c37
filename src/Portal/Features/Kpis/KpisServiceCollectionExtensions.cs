using Portal.Features.Cohorts;

namespace Portal.Features.Kpis;

public static class KpisServiceCollectionExtensions
{
    /// <summary>The KPI tracker's service and its column on the instructor dashboard and the workspace home.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services)
    {
        services.AddSingleton<KpiService>();
        services.AddSingleton<ICohortDashboardColumn, KpiStatusColumn>();
        services.AddSingleton<Portal.Features.Plan.IPlanSection, KpiPlanSection>();
        return services;
    }
}
