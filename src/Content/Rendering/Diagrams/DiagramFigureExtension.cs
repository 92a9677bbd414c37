using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Portal.Content.Rendering.Diagrams;

/// <summary>
/// Puts each Mermaid block in a <c>&lt;figure class="guide-diagram"&gt;</c>: the figure is what scrolls when a
/// diagram is wider than the column, and what the page's script makes open in the full-screen viewer.
/// Set up after <c>UseDiagrams</c>, whose code block renderer it wraps.
/// </summary>
internal sealed class DiagramFigureExtension : IMarkdownExtension
{
    public const string FigureClass = "guide-diagram";

    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && html.ObjectRenderers.FindExact<CodeBlockRenderer>() is { } codeBlocks)
        {
            html.ObjectRenderers.Replace<CodeBlockRenderer>(new FigureRenderer(codeBlocks));
        }
    }

    private sealed class FigureRenderer(CodeBlockRenderer codeBlocks) : HtmlObjectRenderer<CodeBlock>
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            if (obj is not FencedCodeBlock { Info: "mermaid" })
            {
                codeBlocks.Write(renderer, obj);
                return;
            }

            renderer.EnsureLine().WriteLine($"<figure class=\"{FigureClass}\">");
            codeBlocks.Write(renderer, obj);
            renderer.EnsureLine().WriteLine("</figure>");
        }
    }
}
