namespace Portal.Features.Market;

public static class RetentionServiceCollectionExtensions
{
    public static IServiceCollection AddRetention(this IServiceCollection services) => services.AddSingleton<RetentionService>();
}
