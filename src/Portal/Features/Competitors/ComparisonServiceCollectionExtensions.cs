using System.Security.Claims;
using System.Text;
using Portal.Features.Workspaces;

namespace Portal.Features.Competitors;

public static class ComparisonServiceCollectionExtensions
{
    public static IServiceCollection AddComparison(this IServiceCollection services)
    {
        services.AddSingleton<ComparisonService>();
        return services;
    }

    public static IEndpointRouteBuilder MapComparison(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/w/{slug}/competitors/matrix.csv", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The matrix as a CSV file that spreadsheets open as UTF-8 (with its byte order mark); 404 for anyone not in the workspace.</summary>
    private static async Task<IResult> ExportAsync(string slug, ClaimsPrincipal user, WorkspaceService workspaces, ComparisonService comparison, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var csv = access is null ? null : await comparison.ExportCsvAsync(userId, access.WorkspaceId, cancellationToken);
        return csv is null
            ? Results.NotFound()
            : Results.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"{slug}-comparison-matrix.csv");
    }
}
