using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Features.Timeline;

namespace Portal.Features.Roadmap;

public static class RoadmapServiceCollectionExtensions
{
    public static IServiceCollection AddRoadmap(this IServiceCollection services)
    {
        services.AddSingleton<RoadmapService>();
        services.AddSingleton<IPlanSection, RoadmapPlanSection>();
        services.AddSingleton<ICohortDashboardColumn, RoadmapCountColumn>();
        services.AddSingleton<ITimelineSource, RoadmapTimelineSource>();
        return services;
    }
}
