using Portal.Features.Activity;

namespace Portal.Features.Workspaces;

public static class WorkspacesServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IWorkspaceEvents, InProcessWorkspaceEvents>();
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<WorkspaceInvitationService>();
        services.AddSingleton<WorkspaceSlugs>();
        services.AddSingleton<ActivityService>();
        services.AddSingleton<Portal.Features.Comments.CommentService>();
        return services;
    }
}
