using System.Text;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.Yaml;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Portal.Content.Rendering.PlainText;

/// <summary>Collects a chapter's readable text by section, leaving out front matter, raw HTML, display math and diagrams;
/// inline math is kept as readable text (<see cref="MathText"/>).</summary>
internal static class PlainTextExtractor
{
    public static IReadOnlyList<ChapterSection> Sections(MarkdownDocument document)
    {
        var sections = new List<ChapterSection>();
        var current = new StringBuilder();
        (string? Id, string? Text, int Level) heading = (null, null, 0);

        void Flush()
        {
            var text = Collapse(current.ToString());
            if (heading.Id is not null || text.Length > 0)
            {
                sections.Add(new ChapterSection(heading.Id, heading.Text, heading.Level, text));
            }

            current.Clear();
        }

        foreach (var block in document)
        {
            if (block is HeadingBlock h)
            {
                Flush();
                heading = (h.GetAttributes().Id, InlineText.Of(h.Inline), h.Level);
                continue;
            }

            AppendBlock(current, block);
        }

        Flush();
        return sections;
    }

    private static void AppendBlock(StringBuilder builder, Block block)
    {
        switch (block)
        {
            case YamlFrontMatterBlock or MathBlock or HtmlBlock:
                return;
            case FencedCodeBlock fenced when fenced.Info is "mermaid":
                return;
            case CodeBlock code:
                builder.Append(code.Lines.ToString()).Append('\n');
                return;
            case LeafBlock leaf:
                InlineText.Append(builder, leaf.Inline);
                builder.Append('\n');
                return;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendBlock(builder, child);
                }

                return;
        }
    }

    /// <summary>Turns every run of whitespace into one space so snippets read as one line.</summary>
    public static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
