using System.Text;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax.Inlines;

namespace Portal.Content.Rendering.PlainText;

/// <summary>Flattens inline Markdown to the text a reader sees.</summary>
internal static class InlineText
{
    public static string Of(ContainerInline? inline)
    {
        var builder = new StringBuilder();
        Append(builder, inline);
        return builder.ToString().Trim();
    }

    public static void Append(StringBuilder builder, Inline? inline)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case MathInline math:
                builder.Append(MathText.Readable(math.Content.ToString()));
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                break;
            case LineBreakInline:
                builder.Append(' ');
                break;
            case HtmlInline or TaskList:
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(builder, child);
                }

                break;
        }
    }
}
