using Markdig;
using Markdig.Extensions.Alerts;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Renderers;
using Portal.Content.Rendering.Alerts;
using Portal.Content.Rendering.Diagrams;
using Portal.Content.Rendering.Headings;
using Portal.Content.Rendering.Links;
using Portal.Content.Rendering.PlainText;
using Portal.Content.Rendering.Sanitizing;
using Portal.Content.Rendering.Tables;

namespace Portal.Content.Rendering;

/// <summary>
/// Turns one chapter's Markdown into sanitized HTML for the portal: heading ids (Chinese included) and a
/// table of contents, Mermaid blocks as <c>&lt;pre class="mermaid"&gt;</c> in a <c>&lt;figure class="guide-diagram"&gt;</c>,
/// math for KaTeX's auto-render, GitHub alerts, tables, task lists, and links rewritten to portal routes.
/// Build one and share it: it is immutable and thread-safe.
/// </summary>
public sealed class ChapterRenderer
{
    private readonly ContentOptions options;
    private readonly MarkdownPipeline pipeline;

    /// <summary>Creates a renderer with its Markdig pipeline.</summary>
    /// <param name="options">Routes for rewritten links; defaults when null.</param>
    public ChapterRenderer(ContentOptions? options = null)
    {
        this.options = options ?? new ContentOptions();
        pipeline = new MarkdownPipelineBuilder()
            .UseYamlFrontMatter()
            .UseAlertBlocks()
            .UsePipeTables()
            .UseTaskLists()
            .UseMathematics()
            .UseDiagrams()
            .Use<DiagramFigureExtension>()
            .UseEmphasisExtras()
            .UseAutoLinks()
            .Build();
    }

    /// <summary>Renders a chapter.</summary>
    /// <param name="markdown">The whole file, front matter included.</param>
    /// <param name="file">
    /// The file's path relative to the content root with forward slashes, e.g. <c>guide/en/04-business-model.md</c>.
    /// It names the file in errors, gives the expected <c>order</c> (the <c>NN</c>), the language of callout
    /// titles (the folder) and the base for relative links and images.
    /// </param>
    public RenderedChapter Render(string markdown, string file)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(file);

        var errors = new List<ContentError>();
        var document = Markdown.Parse(markdown, pipeline);

        var fileName = file[(file.LastIndexOf('/') + 1)..];
        var nameMatch = LinkRewriter.ChapterFileName().Match(fileName);
        int? expectedOrder = nameMatch.Success ? int.Parse(nameMatch.Groups["nn"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture) : null;

        ChapterFrontMatter? frontMatter = null;
        if (document.Count > 0 && document[0] is YamlFrontMatterBlock yaml)
        {
            // Markdig counts lines from 0 and the YAML starts on the line after the opening '---'.
            frontMatter = ChapterFrontMatter.Parse(yaml.Lines.ToString(), file, yaml.Line + 2, errors, expectedOrder);
        }
        else
        {
            errors.Add(new ContentError(file, 1, "missing front matter: the file must start with a '---' line, the YAML keys and a closing '---'"));
        }

        var headingIds = new HashSet<string>(StringComparer.Ordinal);
        var toc = HeadingIds.Assign(document, headingIds);
        var links = LinkRewriter.Rewrite(document, file, options, errors);
        TableStyling.AlignWithClasses(document);

        using var writer = new StringWriter();
        // Keep Chinese anchors readable in hrefs (/guide/x#护城河) instead of percent-encoding them.
        var renderer = new HtmlRenderer(writer) { UseNonAsciiNoEscape = true };
        pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlTableRenderer>(new WrappedTableRenderer());
        if (renderer.ObjectRenderers.FindExact<AlertBlockRenderer>() is { } alerts)
        {
            alerts.RenderKind = AlertTitles.For(LanguageOf(file));
        }

        renderer.Render(document);
        writer.Flush();

        var sections = PlainTextExtractor.Sections(document);
        var plainText = string.Join('\n', sections.Select(s => s.HeadingText is null ? s.Text : $"{s.HeadingText}\n{s.Text}"));
        return new RenderedChapter(frontMatter, ChapterHtmlSanitizer.Sanitize(writer.ToString()), toc, plainText.Trim(), errors)
        {
            HeadingIds = headingIds,
            Sections = sections,
            Links = links.Links,
            Assets = links.Assets,
        };
    }

    private static string LanguageOf(string file)
    {
        var parts = file.Split('/');
        return parts.Length >= 3 && parts[^3] == "guide" ? GuideLanguages.Normalize(parts[^2]) ?? GuideLanguages.English : GuideLanguages.English;
    }
}
