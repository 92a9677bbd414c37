using System.Security.Claims;
using System.Text;
using Portal.Features.Workspaces;

namespace Portal.Features.Roadmap;

public static class RoadmapTransferServiceCollectionExtensions
{
    public static IServiceCollection AddRoadmapTransfer(this IServiceCollection services)
    {
        services.AddSingleton<RoadmapTransferService>();
        return services;
    }

    public static IEndpointRouteBuilder MapRoadmapTransfer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/w/{slug}/roadmap/tasks.csv", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The board as a CSV file that spreadsheets open as UTF-8 (with its byte order mark); 404 for anyone not in the workspace.</summary>
    private static async Task<IResult> ExportAsync(string slug, ClaimsPrincipal user, WorkspaceService workspaces, RoadmapTransferService transfer, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var csv = access is null ? null : await transfer.ExportCsvAsync(userId, access.WorkspaceId, cancellationToken);
        return csv is null
            ? Results.NotFound()
            : Results.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"{slug}-roadmap-tasks.csv");
    }
}
