namespace Portal.Features.Competitors;

public static class PositioningServiceCollectionExtensions
{
    public static IServiceCollection AddPositioning(this IServiceCollection services)
    {
        services.AddSingleton<PositioningService>();
        return services;
    }
}
