using Portal.Features.Timeline.Sources;

namespace Portal.Features.Timeline;

public static class TimelineServiceCollectionExtensions
{
    /// <summary>The timeline and the sources of the tools it was built with; other tools register their own <see cref="ITimelineSource"/>.</summary>
    public static IServiceCollection AddTimeline(this IServiceCollection services)
    {
        services.AddSingleton<TimelineService>();
        services.AddSingleton<ITimelineSource, CanvasSnapshotTimelineSource>();
        services.AddSingleton<ITimelineSource, KpiTimelineSource>();
        services.AddSingleton<ITimelineSource, RiskTimelineSource>();
        services.AddSingleton<ITimelineSource, DecisionTimelineSource>();
        services.AddSingleton<ITimelineSource, RunTimelineSource>();
        services.AddSingleton<ITimelineSource, ExerciseTimelineSource>();
        return services;
    }
}
