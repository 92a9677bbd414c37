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
    public static IEnumerable<(int Line, IReadOnlyList<string> Cells)> Parse(string text) =>
        Read(new StringReader(text), ',')
            .Where(record => record.Cells.Count > 1 || record.Cells[0].Length > 0)
            .Select(record => (record.Line, record.Cells));

    /// <summary>
    /// The comma, semicolon or tab the first line that is not blank holds most of outside quotes; the comma when it
    /// holds none. Spreadsheets export with whichever their locale uses, so imports take any of the three.
    /// </summary>
    public static char GuessSeparator(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[] separators = [',', ';', '\t'];
        var counts = new int[separators.Length];
        var quoted = false;
        var content = false;
        foreach (var c in text)
        {
            quoted ^= c == '"';
            if (!quoted && c is '\n' or '\r' && content)
            {
                break;
            }

            content |= !char.IsWhiteSpace(c);
            var index = Array.IndexOf(separators, c);
            if (!quoted && index >= 0)
            {
                counts[index]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        return separators[best];
    }

    /// <summary>
    /// Reads rows of cells from <paramref name="reader"/> as it goes, holding one row at a time: quoted cells may hold
    /// the separator, doubled quotes and line breaks; a quote in the middle of an unquoted cell is taken as written.
    /// Rows of one empty cell (blank lines) are skipped. A quote still open at the end of the text makes the last row
    /// <see cref="CsvRecord.Unclosed"/>: it holds everything after the quote, which a reader should report.
    /// </summary>
    /// <param name="separator">The comma, or the semicolon or tab some spreadsheets write instead.</param>
    public static IEnumerable<CsvRecord> Read(TextReader reader, char separator)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowLine = 1;
        for (var c = reader.Read(); c >= 0; c = reader.Read())
        {
            if (quoted)
            {
                if (c == '"' && reader.Peek() == '"')
                {
                    cell.Append('"');
                    reader.Read();
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append((char)c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                cells.Add(cell.ToString());
                cell.Clear();
                if (cells.Count > 1 || cells[0].Length > 0)
                {
                    yield return new CsvRecord(rowLine, cells, Unclosed: false);
                }

                cells = [];
                line++;
                rowLine = line;
            }
            else
            {
                cell.Append((char)c);
            }
        }

        cells.Add(cell.ToString());
        if (quoted || cells.Count > 1 || cells[0].Length > 0)
        {
            yield return new CsvRecord(rowLine, cells, quoted);
        }
    }
}

/// <summary>One row of a CSV text: the line it starts on, its cells, and whether it ends inside a quote the text never closes.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Cells, bool Unclosed);
