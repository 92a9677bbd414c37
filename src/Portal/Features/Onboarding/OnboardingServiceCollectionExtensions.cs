namespace Portal.Features.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddSingleton<GettingStartedService>();
        services.AddSingleton<SampleWorkspace>();
        return services;
    }
}
