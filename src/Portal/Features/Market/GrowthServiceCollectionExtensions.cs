using Portal.Features.Plan;

namespace Portal.Features.Market;

public static class GrowthServiceCollectionExtensions
{
    public static IServiceCollection AddGrowth(this IServiceCollection services)
    {
        services.AddSingleton<GrowthService>();
        services.AddSingleton<IPlanSection, GrowthPlanSection>();
        return services;
    }
}
