namespace Portal.Features.Research;

public static class SurveyServiceCollectionExtensions
{
    public static IServiceCollection AddSurveys(this IServiceCollection services) => services.AddSingleton<SurveyService>();
}
