using Portal.Features.Cohorts;
using Portal.Features.Plan;

namespace Portal.Features.Market;

public static class MarketServiceCollectionExtensions
{
    /// <summary>The customers and channels tool: personas, channels, their plan section and dashboard column.</summary>
    public static IServiceCollection AddMarket(this IServiceCollection services)
    {
        services.AddSingleton<PersonaService>();
        services.AddSingleton<ChannelService>();
        services.AddSingleton<IPlanSection, MarketPlanSection>();
        services.AddSingleton<ICohortDashboardColumn, MarketCountColumn>();
        return services;
    }
}
