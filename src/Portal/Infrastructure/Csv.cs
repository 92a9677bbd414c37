using System.Text;

namespace Portal.Infrastructure;

/// <summary>CSV as spreadsheets read and write it (RFC 4180), for the portal's exports and imports.</summary>
public static class Csv
{
    /// <summary>
    /// Quotes a cell of user text, and defuses a leading formula character so the text cannot run as a
    /// formula when the file is opened in a spreadsheet.
    /// </summary>
    public static string Text(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Appends one row ending in CRLF; the cells are written as given (quote text with <see cref="Text"/>).</summary>
    public static StringBuilder Row(StringBuilder csv, IEnumerable<string> cells) => csv.AppendJoin(',', cells).Append("\r\n");

    /// <summary>
    /// Splits a CSV text into rows of cells: quoted cells may hold commas, doubled quotes and line breaks.
    /// Each row carries the line number it starts on, for error messages.
    /// </summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Cells)> Parse(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                if (cells.Count > 1 || cells[0].Length > 0)
                {
                    yield return (rowLine, cells);
                }

                cells = [];
                line++;
                rowLine = line;
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        if (cells.Count > 1 || cells[0].Length > 0)
        {
            yield return (rowLine, cells);
        }
    }
}
