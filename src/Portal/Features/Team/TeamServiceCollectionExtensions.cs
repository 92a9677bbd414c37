using Portal.Features.Cohorts;
using Portal.Features.Plan;

namespace Portal.Features.Team;

public static class TeamServiceCollectionExtensions
{
    public static IServiceCollection AddTeam(this IServiceCollection services)
    {
        services.AddSingleton<TeamService>();
        services.AddSingleton<IPlanSection, TeamPlanSection>();
        services.AddSingleton<ICohortDashboardColumn, TeamCountColumn>();
        return services;
    }
}
