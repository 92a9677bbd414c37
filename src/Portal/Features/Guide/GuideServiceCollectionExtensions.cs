namespace Portal.Features.Guide;

public static class GuideServiceCollectionExtensions
{
    public static IServiceCollection AddGuide(this IServiceCollection services)
    {
        services.AddSingleton<ReadingProgressService>();
        return services;
    }
}
