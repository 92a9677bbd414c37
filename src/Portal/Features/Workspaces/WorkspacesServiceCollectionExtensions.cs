using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Activity;
using StackExchange.Redis;

namespace Portal.Features.Workspaces;

public static class WorkspacesServiceCollectionExtensions
{
    /// <summary>
    /// Live updates between a workspace's open pages, on every node: in this process, or through Redis when it links
    /// the nodes of a scale-out deployment. A worker publishes its runs' progress here and needs nothing else of this feature.
    /// </summary>
    public static IServiceCollection AddWorkspaceEvents(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        // Redis links the nodes of a scale-out deployment; without it, the events stay in this process.
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var redis = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<RedisOptions>>().Value.Connection);
            // A Redis that is down when the node starts is reconnected to in the background; until then the node is
            // up but not ready (/health/ready), rather than failing to start.
            redis.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redis);
        });
        services.AddSingleton<IWorkspaceEvents>(provider => provider.GetRequiredService<IOptions<RedisOptions>>().Value.Connection.Length > 0
            ? ActivatorUtilities.CreateInstance<RedisWorkspaceEvents>(provider)
            : ActivatorUtilities.CreateInstance<InProcessWorkspaceEvents>(provider));
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [PortalDataServiceCollectionExtensions.ReadyTag]);
        return services;
    }

    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<CircuitConnection>());
        services.AddSingleton<WorkspaceAccessCheck>();
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<WorkspaceInvitationService>();
        services.AddSingleton<WorkspaceSlugs>();
        services.AddSingleton<ActivityService>();
        services.AddSingleton<Portal.Features.Comments.CommentService>();
        return services;
    }
}
