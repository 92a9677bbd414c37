using Portal.Infrastructure;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Portal.Features.Cohorts;

public static class CohortsServiceCollectionExtensions
{
    public static IServiceCollection AddCohorts(this IServiceCollection services)
    {
        services.AddSingleton<CohortService>();
        services.AddSingleton<CohortDashboardService>();
        services.AddSingleton<ICohortDashboardColumn, GuideProgressColumn>();
        services.AddSingleton<ICohortDashboardColumn, LastActivityColumn>();
        services.AddSingleton<Portal.Features.Admin.UserAdministrationService>();
        services.AddSingleton<Portal.Features.Exercises.ExerciseService>();
        return services;
    }

    public static IEndpointRouteBuilder MapCohorts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/cohorts/{id:guid}/dashboard.csv", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The dashboard as CSV, the same rows and columns the page shows; 404 for anyone but the cohort's instructors.</summary>
    private static async Task<IResult> ExportAsync(Guid id, ClaimsPrincipal user, CohortDashboardService dashboards, IStringLocalizer<UiStrings> text, CancellationToken cancellationToken)
    {
        var dashboard = await dashboards.GetAsync(user.FindFirstValue(ClaimTypes.NameIdentifier), id, cancellationToken);
        if (dashboard is null)
        {
            return Results.NotFound();
        }

        var csv = new StringBuilder();
        AppendRow(csv, [text["Dashboard.Team"], text["Dashboard.Members"], .. dashboard.ColumnTitleKeys.Select(k => text[k].Value)]);
        foreach (var row in dashboard.Rows)
        {
            AppendRow(csv, [row.Name, row.MemberCount.ToString(CultureInfo.InvariantCulture), .. row.Cells.Select(c => c?.Text ?? "")]);
        }

        // A byte-order mark so that spreadsheet programs read the Chinese text as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", $"cohort-{dashboard.Cohort.JoinCode}.csv");
    }

    private static void AppendRow(StringBuilder csv, IEnumerable<string> cells) => Csv.Row(csv, cells.Select(Csv.Text));
}
