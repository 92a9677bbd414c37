using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Canvas;

/// <summary>The canvas on the assembled plan page and in its Markdown export.</summary>
public sealed class CanvasPlanSection(CanvasService canvas, Microsoft.Extensions.Localization.IStringLocalizer<UiStrings> text) : Portal.Features.Plan.IPlanSection
{
    public int Order => 10;

    public string Tool => "canvas";

    public Type Component => typeof(CanvasPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var document = await canvas.GetDocumentAsync(userId, workspaceId, null, cancellationToken);
        return document is null ? "" : document.ToMarkdown(text["Canvas.Title"], block => text[$"Canvas.Block.{block}"], text["Canvas.Export.EmptyBlock"], level: 2);
    }
}

/// <summary>Blocks with at least one note, of nine, for the dashboard and the workspace home.</summary>
public sealed class CanvasCompletenessColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.CanvasBlocks";

    public int Order => 20;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var filled = await db.Set<CanvasNote>().AsNoTracking()
            .Where(n => workspaceIds.Contains(n.WorkspaceId) && n.DeletedAt == null)
            .Select(n => new { n.WorkspaceId, n.Block })
            .Distinct()
            .GroupBy(n => n.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var counts = filled.ToDictionary(f => f.WorkspaceId, f => f.Count);
        return workspaceIds.ToDictionary(id => id, id => new DashboardCell(counts.GetValueOrDefault(id), $"{counts.GetValueOrDefault(id)} / 9"));
    }
}

public static class CanvasServiceCollectionExtensions
{
    public static IServiceCollection AddCanvas(this IServiceCollection services)
    {
        services.AddSingleton<CanvasService>();
        services.AddSingleton<ICohortDashboardColumn, CanvasCompletenessColumn>();
        services.AddSingleton<Portal.Features.Plan.IPlanSection, CanvasPlanSection>();
        return services;
    }

    public static IEndpointRouteBuilder MapCanvas(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/w/{slug}/canvas/export.{format:regex(^(json|md)$)}", ExportAsync).RequireAuthorization();
        endpoints.MapGet("/w/{slug}/canvas/export.svg", PosterAsync).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The canvas as JSON (importable again) or Markdown; 404 for anyone who may not read the workspace.</summary>
    private static async Task<IResult> ExportAsync(
        string slug, string format, System.Security.Claims.ClaimsPrincipal user, WorkspaceService workspaces, CanvasService canvas,
        Microsoft.Extensions.Localization.IStringLocalizer<UiStrings> text, CancellationToken cancellationToken)
    {
        var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var document = access is null ? null : await canvas.GetDocumentAsync(userId, access.WorkspaceId, null, cancellationToken);
        if (access is null || document is null)
        {
            return Results.NotFound();
        }

        return format == "json"
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(document.ToJson()), "application/json", $"{slug}-canvas.json")
            : Results.File(
                System.Text.Encoding.UTF8.GetBytes(document.ToMarkdown($"{UserMarkdown.EscapeText(access.Name)} · {text["Canvas.Title"]}", block => text[$"Canvas.Block.{block}"], text["Canvas.Export.EmptyBlock"])),
                "text/markdown; charset=utf-8",
                $"{slug}-canvas.md");
    }

    /// <summary>The canvas as an SVG poster (the PNG button draws it in the browser); 404 for anyone who may not read the workspace.</summary>
    private static async Task<IResult> PosterAsync(
        string slug, System.Security.Claims.ClaimsPrincipal user, WorkspaceService workspaces, CanvasService canvas, TimeProvider clock,
        Microsoft.Extensions.Localization.IStringLocalizer<UiStrings> text, CancellationToken cancellationToken)
    {
        var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var document = access is null ? null : await canvas.GetDocumentAsync(userId, access.WorkspaceId, null, cancellationToken);
        if (access is null || document is null)
        {
            return Results.NotFound();
        }

        var svg = CanvasPoster.ToSvg(
            $"{access.Name} · {text["Canvas.Title"]}",
            clock.GetLocalNow().ToString("D", System.Globalization.CultureInfo.CurrentCulture),
            block => text[$"Canvas.Block.{block}"],
            text["Canvas.Poster.More"],
            document.Notes);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml; charset=utf-8", $"{slug}-canvas.svg");
    }
}
