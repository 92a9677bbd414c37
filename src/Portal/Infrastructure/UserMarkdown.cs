using System.Text;
using Ganss.Xss;
using Markdig;

namespace Portal.Infrastructure;

/// <summary>
/// Markdown written by users (exercise instructions) as safe HTML: raw HTML is not interpreted, and
/// the result is sanitized, so links cannot carry scripts. Plain user text placed into a Markdown
/// export is escaped, since whoever opens the file renders it with a viewer we do not control.
/// </summary>
public static class UserMarkdown
{
    public const int MaxLength = 10_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string ToHtml(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown ?? "", Pipeline));

    /// <summary>
    /// User text (a note, a name) for a Markdown file: it reads as written and never becomes HTML, a link or an
    /// image. HTML's special characters become entities; brackets, which open every link and image form
    /// (inline, reference and definition), are escaped, and so is the backslash, so no escape can be undone.
    /// </summary>
    public static string EscapeText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\\' or '[' or ']' => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>User text for one cell of a Markdown table: escaped, on one line, its pipes kept from splitting the cell.</summary>
    public static string EscapeTableCell(string text) =>
        EscapeText(text).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement anchor)
            {
                anchor.SetAttribute("rel", "noopener noreferrer nofollow");
                anchor.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
