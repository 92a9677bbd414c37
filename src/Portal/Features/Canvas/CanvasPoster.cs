using System.Globalization;
using System.Text;
using System.Xml;

namespace Portal.Features.Canvas;

/// <summary>
/// The canvas drawn as an SVG poster in the classic layout, for slides (the browser turns it into a PNG).
/// Drawn on the server so that the image does not depend on the page's CSS or the screen it was opened on.
/// </summary>
public static class CanvasPoster
{
    public const int Width = 1600;
    public const int Height = 1132;

    private const string FontFamily = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif";
    private const int Margin = 32;
    private const int GridTop = 112;
    private const int Gap = 10;
    private const int BlockPadding = 10;
    private const int BlockTitleSize = 18;
    private const int NoteTextSize = 14;
    private const int NoteLineHeight = 19;
    private const int NotePadding = 6;
    private const int NoteGap = 6;

    /// <summary>Where each block sits on a grid of ten columns and three rows (the bottom row a little lower), as on the printed poster.</summary>
    private static (int Column, int Row, int Columns, int Rows) Place(CanvasBlock block) => block switch
    {
        CanvasBlock.KeyPartners => (0, 0, 2, 2),
        CanvasBlock.KeyActivities => (2, 0, 2, 1),
        CanvasBlock.KeyResources => (2, 1, 2, 1),
        CanvasBlock.ValuePropositions => (4, 0, 2, 2),
        CanvasBlock.CustomerRelationships => (6, 0, 2, 1),
        CanvasBlock.Channels => (6, 1, 2, 1),
        CanvasBlock.CustomerSegments => (8, 0, 2, 2),
        CanvasBlock.CostStructure => (0, 2, 5, 1),
        _ => (5, 2, 5, 1),
    };

    /// <summary>The same colours as the notes on the page (app.css), so the poster looks like the canvas people edited.</summary>
    public static string Fill(NoteColour colour) => colour switch
    {
        NoteColour.Green => "#c5e1a5",
        NoteColour.Blue => "#b3e5fc",
        NoteColour.Pink => "#f8bbd0",
        NoteColour.Purple => "#d1c4e9",
        NoteColour.Orange => "#ffcc80",
        _ => "#fff59d",
    };

    /// <param name="title">The poster's heading, usually the workspace's name and the canvas's.</param>
    /// <param name="subtitle">The line under it, usually the date.</param>
    /// <param name="blockTitle">The block's name in the reader's language.</param>
    /// <param name="moreNotes">"+{0} more" in the reader's language, for notes that do not fit their block.</param>
    public static string ToSvg(string title, string subtitle, Func<CanvasBlock, string> blockTitle, string moreNotes, IReadOnlyList<CanvasDocumentNote> notes)
    {
        var output = new StringBuilder();
        using (var svg = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            svg.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            Attributes(svg, ("width", Width), ("height", Height), ("viewBox", $"0 0 {Width} {Height}"));
            svg.WriteAttributeString("font-family", FontFamily);
            svg.WriteAttributeString("data-blocks", "9");
            Rect(svg, 0, 0, Width, Height, "#ffffff", null);
            Text(svg, Margin, 56, 32, "bold", "#1a1a1a", title);
            Text(svg, Margin, 90, 16, "normal", "#555555", subtitle);

            foreach (var block in Enum.GetValues<CanvasBlock>())
            {
                DrawBlock(svg, block, blockTitle(block), moreNotes, [.. notes.Where(n => n.Block == block)]);
            }

            svg.WriteEndElement();
        }

        return output.ToString();
    }

    private static void DrawBlock(XmlWriter svg, CanvasBlock block, string title, string moreNotes, IReadOnlyList<CanvasDocumentNote> notes)
    {
        var (x, y, width, height) = Bounds(block);
        svg.WriteStartElement("g");
        svg.WriteAttributeString("data-block", block.ToString());
        Rect(svg, x, y, width, height, "#fafafa", "#9e9e9e");
        Text(svg, x + BlockPadding, y + BlockPadding + BlockTitleSize, BlockTitleSize, "bold", "#1a1a1a", title);

        var noteWidth = width - 2 * BlockPadding;
        var top = y + BlockPadding + BlockTitleSize + 12;
        var bottom = y + height - BlockPadding;
        var maxCharsWide = (noteWidth - 2 * NotePadding) / (double)NoteTextSize;
        for (var i = 0; i < notes.Count; i++)
        {
            var lines = Wrap(notes[i].Text, maxCharsWide);
            var noteHeight = lines.Count * NoteLineHeight + 2 * NotePadding;
            // Keep room for the "+N more" line unless this is the last note.
            var room = bottom - top - (i < notes.Count - 1 ? NoteLineHeight + NoteGap : 0);
            if (noteHeight > room)
            {
                var fitting = (room - 2 * NotePadding) / NoteLineHeight;
                if (fitting < 2)
                {
                    Text(svg, x + BlockPadding, top + NoteTextSize, NoteTextSize, "normal", "#555555", string.Format(CultureInfo.CurrentCulture, moreNotes, notes.Count - i));
                    break;
                }

                lines = [.. lines.Take(fitting - 1), lines[fitting - 1] + "…"];
                noteHeight = lines.Count * NoteLineHeight + 2 * NotePadding;
            }

            DrawNote(svg, x + BlockPadding, top, noteWidth, noteHeight, notes[i], lines);
            top += noteHeight + NoteGap;
        }

        svg.WriteEndElement();
    }

    private static void DrawNote(XmlWriter svg, int x, int y, int width, int height, CanvasDocumentNote note, IReadOnlyList<string> lines)
    {
        svg.WriteStartElement("g");
        svg.WriteAttributeString("data-note", "");
        Rect(svg, x, y, width, height, Fill(note.Colour), null, radius: 3);
        svg.WriteStartElement("text");
        Attributes(svg, ("x", x + NotePadding), ("y", y + NotePadding + NoteTextSize), ("font-size", NoteTextSize));
        svg.WriteAttributeString("fill", "#222222");
        for (var i = 0; i < lines.Count; i++)
        {
            svg.WriteStartElement("tspan");
            Attributes(svg, ("x", x + NotePadding), ("dy", i == 0 ? 0 : NoteLineHeight));
            svg.WriteString(XmlSafe(lines[i]));
            svg.WriteEndElement();
        }

        svg.WriteEndElement();
        svg.WriteEndElement();
    }

    private static (int X, int Y, int Width, int Height) Bounds(CanvasBlock block)
    {
        var (column, row, columns, rows) = Place(block);
        var columnWidth = (Width - 2 * Margin + Gap) / 10.0;
        var gridHeight = Height - GridTop - Margin + Gap;
        // The top two rows hold most notes; the bottom row (costs, revenue) is shorter, as on the poster.
        double[] rowTops = [0, gridHeight * 0.36, gridHeight * 0.72, gridHeight];
        var x = Margin + column * columnWidth;
        var y = GridTop + rowTops[row];
        return ((int)x, (int)y, (int)(columns * columnWidth - Gap), (int)(rowTops[row + rows] - rowTops[row] - Gap));
    }

    /// <summary>
    /// Breaks text into lines of at most <paramref name="maxEms"/> ems, estimating widths without font metrics:
    /// a CJK character is a full em, anything else about half. Latin words stay whole unless longer than a line.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, double maxEms)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = new StringBuilder();
            var lineEms = 0.0;
            foreach (var token in Tokens(paragraph))
            {
                var tokenEms = token.Sum(EmsOf);
                if (lineEms + tokenEms > maxEms && line.Length > 0)
                {
                    lines.Add(line.ToString().TrimEnd());
                    line.Clear();
                    lineEms = 0;
                    if (token == " ")
                    {
                        continue;
                    }
                }

                foreach (var character in token)
                {
                    // A word longer than a whole line is broken wherever the line is full.
                    if (lineEms + EmsOf(character) > maxEms && line.Length > 0)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        lineEms = 0;
                    }

                    line.Append(character);
                    lineEms += EmsOf(character);
                }
            }

            lines.Add(line.ToString().TrimEnd());
        }

        return lines;
    }

    /// <summary>Latin words and spaces as whole tokens; every other character (CJK) a token of its own, since those lines break between any two.</summary>
    private static IEnumerable<string> Tokens(string paragraph)
    {
        var word = new StringBuilder();
        foreach (var character in paragraph)
        {
            if (character == ' ' || EmsOf(character) >= 1)
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                yield return character.ToString();
            }
            else
            {
                word.Append(character);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static double EmsOf(char character) => character >= '\u1100' ? 1.0 : char.IsUpper(character) ? 0.68 : 0.56;

    /// <summary>Control characters are not allowed in XML at all; they are dropped rather than breaking the file.</summary>
    private static string XmlSafe(string text) => string.Concat(text.Where(XmlConvert.IsXmlChar));

    private static void Text(XmlWriter svg, int x, int y, int size, string weight, string fill, string content)
    {
        svg.WriteStartElement("text");
        Attributes(svg, ("x", x), ("y", y), ("font-size", size));
        svg.WriteAttributeString("font-weight", weight);
        svg.WriteAttributeString("fill", fill);
        svg.WriteString(XmlSafe(content));
        svg.WriteEndElement();
    }

    private static void Rect(XmlWriter svg, int x, int y, int width, int height, string fill, string? stroke, int radius = 6)
    {
        svg.WriteStartElement("rect");
        Attributes(svg, ("x", x), ("y", y), ("width", width), ("height", height), ("rx", radius));
        svg.WriteAttributeString("fill", fill);
        if (stroke is not null)
        {
            svg.WriteAttributeString("stroke", stroke);
        }

        svg.WriteEndElement();
    }

    private static void Attributes(XmlWriter svg, params (string Name, object Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            svg.WriteAttributeString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
