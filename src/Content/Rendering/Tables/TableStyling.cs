using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Portal.Content.Rendering.Tables;

/// <summary>
/// Markdig writes column alignment as <c>style</c> attributes, which the sanitizer strips; this moves it to
/// classes (<c>align-left</c>, <c>align-center</c>, <c>align-right</c>) before rendering.
/// </summary>
internal static class TableStyling
{
    public static void AlignWithClasses(MarkdownDocument document)
    {
        foreach (var table in document.Descendants<Table>())
        {
            var columns = table.ColumnDefinitions;
            foreach (var row in table.OfType<TableRow>())
            {
                for (var i = 0; i < row.Count; i++)
                {
                    if (row[i] is not TableCell cell || columns.Count == 0)
                    {
                        continue;
                    }

                    var index = cell.ColumnIndex >= 0 && cell.ColumnIndex < columns.Count ? cell.ColumnIndex : Math.Min(i, columns.Count - 1);
                    if (columns[index].Alignment is { } alignment)
                    {
                        cell.GetAttributes().AddClass(alignment switch
                        {
                            TableColumnAlign.Center => "align-center",
                            TableColumnAlign.Right => "align-right",
                            _ => "align-left",
                        });
                    }
                }
            }

            foreach (var column in columns)
            {
                column.Alignment = null;
            }
        }
    }
}

/// <summary>Wraps every table in <c>&lt;div class="table-wrapper"&gt;</c> so wide tables scroll instead of widening the page.</summary>
internal sealed class WrappedTableRenderer : HtmlTableRenderer
{
    protected override void Write(HtmlRenderer renderer, Table table)
    {
        renderer.EnsureLine();
        renderer.WriteLine("<div class=\"table-wrapper\">");
        base.Write(renderer, table);
        renderer.WriteLine("</div>");
    }
}
