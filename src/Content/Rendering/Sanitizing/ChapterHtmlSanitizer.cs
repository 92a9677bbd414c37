using AngleSharp.Dom;
using Ganss.Xss;

namespace Portal.Content.Rendering.Sanitizing;

/// <summary>
/// The last step of rendering: whatever raw HTML a chapter contains, only the markup the renderer itself
/// produces survives. No scripts, event handlers, <c>javascript:</c> URLs, frames or inline styles.
/// </summary>
internal static class ChapterHtmlSanitizer
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>Thread-safe: HtmlSanitizer's <c>Sanitize</c> may be shared once configured.</summary>
    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
                "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
                "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
                "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
                // The alert titles' icons.
                "svg", "path",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "id", "class", "href", "src", "alt", "title", "rel", "target", "type", "checked", "disabled",
                "colspan", "rowspan", "start", "loading", "lang", "open",
                "viewbox", "version", "width", "height", "aria-hidden", "d",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            switch (element.LocalName)
            {
                // Task lists are read-only checklists; any other input has no place in a chapter.
                case "input" when !string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase):
                    element.Remove();
                    break;
                case "input":
                    element.SetAttribute("disabled", "disabled");
                    break;
                case "a" when element.HasAttribute("target"):
                    element.SetAttribute("target", "_blank");
                    element.SetAttribute("rel", "noopener noreferrer");
                    break;
            }
        };
        return sanitizer;
    }
}
