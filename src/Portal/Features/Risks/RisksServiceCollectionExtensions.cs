using System.Security.Claims;
using System.Text;
using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Features.Workspaces;

namespace Portal.Features.Risks;

public static class RisksServiceCollectionExtensions
{
    public static IServiceCollection AddRisks(this IServiceCollection services)
    {
        services.AddSingleton<RiskService>();
        services.AddSingleton<ICohortDashboardColumn, RiskSeverityColumn>();
        services.AddSingleton<IPlanSection, RiskPlanSection>();
        return services;
    }

    public static IEndpointRouteBuilder MapRisks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/w/{slug}/risks/export.csv", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(string slug, ClaimsPrincipal user, WorkspaceService workspaces, RiskService risks, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var csv = access is null ? null : await risks.ExportCsvAsync(userId, access.WorkspaceId, cancellationToken);
        return csv is null
            ? Results.NotFound()
            : Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", $"{slug}-risks.csv");
    }
}
