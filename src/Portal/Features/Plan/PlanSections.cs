using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Plan;

/// <summary>
/// One part of the assembled plan (the canvas, the KPIs, the risks, the compute estimate). Each tool
/// registers one: a component that shows it on the plan page and a Markdown rendering for the export.
/// The component receives <c>WorkspaceId</c> (Guid) and <c>UserId</c> (string) parameters.
/// </summary>
public interface IPlanSection
{
    int Order { get; }

    /// <summary>The tool this section shows (<c>canvas</c>, <c>kpis</c>, <c>risks</c>, <c>lab</c>), as exercises name it.</summary>
    string Tool { get; }

    Type Component { get; }

    /// <summary>The section as Markdown, starting with a level-2 heading; empty when the caller may not read it.</summary>
    Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken);
}

public static class PlanServiceCollectionExtensions
{
    public static IEndpointRouteBuilder MapPlan(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/w/{slug}/plan.md", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    public static IServiceCollection AddPlan(this IServiceCollection services)
    {
        services.AddSingleton<PlanExports>();
        return services;
    }

    /// <summary>The whole plan as one Markdown file; 404 for anyone who may not read the workspace.</summary>
    private static async Task<IResult> ExportAsync(
        string slug, ClaimsPrincipal user, WorkspaceService workspaces, IEnumerable<IPlanSection> sections, PlanExports exports, IStringLocalizer<UiStrings> text, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var details = access is null ? null : await workspaces.GetDetailsAsync(userId, access.WorkspaceId, cancellationToken);
        if (access is null || details is null)
        {
            return Results.NotFound();
        }

        var markdown = new StringBuilder()
            .Append("# ").AppendLine(text["Plan.TitleFor", UserMarkdown.EscapeText(details.Name)])
            .AppendLine()
            .AppendLine(UserMarkdown.EscapeText(details.Pitch))
            .AppendLine()
            .Append("- ").Append(text["Workspace.Field.Stage"]).Append(": ").AppendLine(text[$"Workspace.Stage.{details.Stage}"]);
        if (details.Industry.Length > 0)
        {
            markdown.Append("- ").Append(text["Workspace.Field.Industry"]).Append(": ").AppendLine(UserMarkdown.EscapeText(details.Industry));
        }

        markdown.Append("- ").Append(text["Plan.Exported"]).Append(": ").AppendLine(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .AppendLine();
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            markdown.AppendLine(await section.ToMarkdownAsync(userId!, access.WorkspaceId, cancellationToken)).AppendLine();
        }

        await exports.RecordAsync(access, "Markdown", cancellationToken);
        return Results.File(Encoding.UTF8.GetBytes(markdown.ToString()), "text/markdown; charset=utf-8", $"{slug}-plan.md");
    }
}
