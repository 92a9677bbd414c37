using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Portal.Content;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Guide;

public static class GuideServiceCollectionExtensions
{
    public const int MaxQueryLength = 100;

    public static IServiceCollection AddGuide(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ReadingProgressService>();
        services.AddOutputCache(GuideOutputCache.AddChapterPolicy);
        if (configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Connection)}"] is { Length: > 0 })
        {
            GuideOutputCache.StoreInRedis(services);
        }

        services.AddSingleton(provider =>
        {
            var library = new ContentLibrary(PortalContent.Directory(provider));
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Portal.Guide");
            foreach (var error in library.Errors)
            {
                logger.LogError("Guide content problem: {Error}", error);
            }

            return library;
        });
        return services;
    }

    public static WebApplication MapGuide(this WebApplication app)
    {
        var library = app.Services.GetRequiredService<ContentLibrary>();
        GuideOutputCache.EvictOnContentChange(library, app.Services.GetRequiredService<IOutputCacheStore>());

        // Images that chapters refer to; nothing but images is served from the content folder.
        var images = new FileExtensionContentTypeProvider();
        foreach (var extension in images.Mappings.Keys.ToList())
        {
            if (!images.Mappings[extension].StartsWith("image/", StringComparison.Ordinal))
            {
                images.Mappings.Remove(extension);
            }
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(library.ContentRoot),
            RequestPath = "/content",
            ContentTypeProvider = images,
            ServeUnknownFileTypes = false,
        });

        app.MapGet("/api/search", Search).DisableAntiforgery();
        // Form fields, so the antiforgery middleware checks the token the chapter page carries.
        app.MapPost("/api/guide/progress", SaveProgressAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The chapter page's script reports how far the signed-in reader scrolled (0 to 1).</summary>
    private static async Task<IResult> SaveProgressAsync(
        [FromForm] string slug, [FromForm] double position, ClaimsPrincipal user, ContentLibrary library, ReadingProgressService progress, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return Results.Unauthorized();
        }

        if (!GuideLanguages.All.Any(language => library.GetChapter(language, slug) is not null))
        {
            return Results.NotFound();
        }

        await progress.SaveAsync(userId, slug, position, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>The guide's search as JSON: slug, title, heading, snippet (match in <c>&lt;mark&gt;</c>) and score, best first.</summary>
    private static IResult Search(string? q, string? lang, ContentLibrary library)
    {
        var query = (q ?? "").Trim();
        if (query.Length == 0 || query.Length > MaxQueryLength)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: $"The query must have between 1 and {MaxQueryLength} characters.");
        }

        var language = GuideLanguages.Normalize(lang ?? CultureInfo.CurrentUICulture.Name);
        if (language is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Unknown language. Use one of: {string.Join(", ", GuideLanguages.All)}.");
        }

        var hits = library.SearchIndex.Search(query, language, limit: 20);
        return Results.Ok(hits.Select(h => new
        {
            slug = h.Slug,
            title = h.Title,
            heading = h.HeadingText,
            headingId = h.HeadingId,
            snippet = h.Snippet,
            score = Math.Round(h.Score, 4),
        }));
    }
}
