using System.Text.RegularExpressions;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Portal.Content.Rendering.Links;

/// <summary>
/// Rewrites links for the portal: chapter files to chapter routes, relative files to the content route,
/// external links to open in a new tab without handing the opener to the other site.
/// </summary>
internal static partial class LinkRewriter
{
    [GeneratedRegex(@"^(?<nn>\d{2})-(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$", RegexOptions.CultureInvariant)]
    public static partial Regex ChapterFileName();

    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" };

    public sealed record Result(IReadOnlyList<ChapterLink> Links, IReadOnlyList<AssetReference> Assets);

    /// <param name="document">The parsed chapter; link URLs are changed in place.</param>
    /// <param name="file">The chapter's path relative to the content root (forward slashes).</param>
    /// <param name="options">Routes to link to.</param>
    /// <param name="errors">Receives links that cannot work.</param>
    public static Result Rewrite(MarkdownDocument document, string file, ContentOptions options, ICollection<ContentError> errors)
    {
        var links = new List<ChapterLink>();
        var assets = new List<AssetReference>();
        var directory = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : "";

        foreach (var inline in document.Descendants<Inline>())
        {
            var line = inline.Line + 1;
            switch (inline)
            {
                case AutolinkInline { IsEmail: false } autolink when IsWebUrl(autolink.Url):
                    OpenInNewTab(autolink);
                    break;
                case LinkInline { Url: { Length: > 0 } url } link:
                    link.Url = RewriteOne(link, url, line);
                    break;
            }
        }

        return new Result(links, assets);

        string RewriteOne(LinkInline link, string url, int line)
        {
            if (url.StartsWith('#'))
            {
                if (!link.IsImage)
                {
                    links.Add(new ChapterLink(null, null, Unescape(url[1..]), line));
                }

                return url;
            }

            if (url.StartsWith("//", StringComparison.Ordinal) || IsWebUrl(url))
            {
                if (!link.IsImage)
                {
                    OpenInNewTab(link);
                }

                return url;
            }

            var colon = url.IndexOf(':', StringComparison.Ordinal);
            var slash = url.IndexOf('/', StringComparison.Ordinal);
            if (colon > 0 && (slash < 0 || colon < slash))
            {
                var scheme = url[..colon];
                if (!SafeSchemes.Contains(scheme))
                {
                    errors.Add(new ContentError(file, line, $"link '{url}' uses the '{scheme}:' scheme; only http, https and mailto are allowed"));
                }

                return url;
            }

            if (url.StartsWith('/'))
            {
                return url;
            }

            var hash = url.IndexOf('#', StringComparison.Ordinal);
            var fragment = hash >= 0 ? url[(hash + 1)..] : null;
            var pathAndQuery = hash >= 0 ? url[..hash] : url;
            var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            var path = Unescape(query >= 0 ? pathAndQuery[..query] : pathAndQuery);

            var resolved = Resolve(directory, path);
            if (resolved is null)
            {
                errors.Add(new ContentError(file, line, $"link '{url}' points outside the content folder"));
                return url;
            }

            if (!link.IsImage && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                var targetDirectory = resolved.Contains('/', StringComparison.Ordinal) ? resolved[..resolved.LastIndexOf('/')] : "";
                var fileName = resolved[(resolved.LastIndexOf('/') + 1)..];
                var match = ChapterFileName().Match(fileName);
                if (!string.Equals(targetDirectory, directory, StringComparison.Ordinal))
                {
                    errors.Add(new ContentError(file, line, $"link '{url}' leaves this language's folder; link only to chapters of the same language"));
                    return url;
                }

                if (!match.Success)
                {
                    errors.Add(new ContentError(file, line, $"link '{url}' is not a chapter file (expected NN-slug.md)"));
                    return url;
                }

                var slug = match.Groups["slug"].Value;
                var anchor = string.IsNullOrEmpty(fragment) ? null : Unescape(fragment);
                links.Add(new ChapterLink(fileName, slug, anchor, line));
                return $"{options.GuideRoute.TrimEnd('/')}/{slug}" + (fragment is { Length: > 0 } ? "#" + fragment : "");
            }

            assets.Add(new AssetReference(resolved, line));
            return $"{options.ContentRoute.TrimEnd('/')}/{string.Join('/', resolved.Split('/').Select(Uri.EscapeDataString))}"
                + (fragment is { Length: > 0 } ? "#" + fragment : "");
        }
    }

    private static bool IsWebUrl(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static void OpenInNewTab(IMarkdownObject link)
    {
        var attributes = link.GetAttributes();
        attributes.AddPropertyIfNotExist("target", "_blank");
        attributes.AddPropertyIfNotExist("rel", "noopener noreferrer");
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>Joins a relative path to a directory, resolving <c>.</c> and <c>..</c>; null when it climbs above the root.</summary>
    internal static string? Resolve(string directory, string relative)
    {
        var parts = new List<string>(directory.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var segment in relative.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (segment)
            {
                case ".":
                    break;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(segment);
                    break;
            }
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }
}
