using System.Text;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>A row of a survey file that was not taken, and why; the message is a resource key of SurveyText.</summary>
public sealed record SurveyBadRow(int Line, string MessageKey, params object[] Arguments);

/// <summary>
/// What a survey file held: the column names and the good rows (one a respondent, as many answers as columns), the
/// bad rows by line (the first <see cref="SurveyCsv.MaxReportedBadRows"/> of <see cref="BadRowCount"/>), and
/// <see cref="Refusal"/> when the file as a whole cannot be taken (then there are no columns and no rows).
/// </summary>
public sealed record SurveyCsvResult(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<SurveyBadRow> BadRows,
    int BadRowCount,
    FieldError? Refusal,
    char Separator);

/// <summary>
/// Reads survey answers as a spreadsheet exports them: a header row naming the questions, then one row a respondent.
/// Cells are quoted as RFC 4180 says (through <see cref="Csv.Read"/>); the separator is the comma, semicolon or tab,
/// whichever the header uses most; UTF-8 with or without a byte order mark. A row with the wrong number of answers,
/// an answer over <see cref="Survey.MaxAnswerLength"/>, bytes that are not text or a quote never closed is reported by
/// its line and left out, and the good rows are kept. Blank rows (also rows of separators only) are skipped. Never
/// throws: a file past a limit comes back with its <see cref="SurveyCsvResult.Refusal"/>.
/// </summary>
public static class SurveyCsv
{
    /// <summary>
    /// The largest file read, in bytes: room for the most respondents with short answers to every column. A larger
    /// file is refused before its rows are read, so a read holds at most this much text.
    /// </summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>The longest text the paste box takes (what one message from the browser may carry, see <see cref="BrowserMessageLimit"/>).</summary>
    public const int MaxPasteLength = BrowserMessageLimit.LongestText;

    /// <summary>The bad rows listed one by one; more are counted only, so a file of thousands of bad rows stays a short report.</summary>
    public const int MaxReportedBadRows = 100;

    public const string Field = "Csv";

    /// <summary>Reads a pasted text.</summary>
    public static SurveyCsvResult Read(string? text)
    {
        text ??= "";
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return Refused("Survey.Csv.TooLarge", MaxBytes / 1024);
        }

        return Read(new StringReader(text.TrimStart('\uFEFF')));
    }

    /// <summary>
    /// Reads an uploaded file: at most <see cref="MaxBytes"/> and one byte more are taken from <paramref name="stream"/>
    /// (asynchronously, as a browser's file must be read), and a longer file is refused without reading on.
    /// </summary>
    public static async Task<SurveyCsvResult> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return Refused("Survey.Csv.TooLarge", MaxBytes / 1024);
        }

        // Invalid UTF-8 becomes U+FFFD, which the rows it lands in are refused for; a byte order mark is dropped.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length, writable: false), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        return Read(reader);
    }

    private static SurveyCsvResult Read(TextReader text)
    {
        var (header, reader) = FirstLine(text);
        var separator = Csv.GuessSeparator(header);
        List<string>? columns = null;
        var rows = new List<IReadOnlyList<string>>();
        var badRows = new List<SurveyBadRow>();
        var badRowCount = 0;
        foreach (var record in Csv.Read(reader, separator))
        {
            var cells = record.Cells.Select(c => c.Trim()).ToList();
            if (cells.TrueForAll(c => c.Length == 0) && !record.Unclosed)
            {
                continue;
            }

            if (columns is null)
            {
                if (HeaderProblem(record, cells) is { } refusal)
                {
                    return new SurveyCsvResult([], [], [], 0, refusal, separator);
                }

                columns = cells;
                continue;
            }

            if (RowProblem(record, cells, columns.Count) is { } problem)
            {
                if (++badRowCount <= MaxReportedBadRows)
                {
                    badRows.Add(problem);
                }

                continue;
            }

            if (rows.Count == Survey.MaxRespondents)
            {
                return Refused("Survey.Csv.TooManyRespondents", Survey.MaxRespondents, record.Line);
            }

            rows.Add(cells);
        }

        if (columns is null)
        {
            return Refused("Survey.Csv.Empty");
        }

        // The report of bad rows stays with the refusal: it says why no row could be taken.
        return new SurveyCsvResult(
            rows.Count == 0 ? [] : columns, rows, badRows, badRowCount, rows.Count == 0 ? new FieldError(Field, "Survey.Csv.NoRows") : null, separator);
    }

    private static FieldError? HeaderProblem(CsvRecord record, List<string> names)
    {
        if (record.Unclosed)
        {
            return new FieldError(Field, "Survey.Csv.HeaderUnclosed", record.Line);
        }

        if (names.Exists(IsNotText))
        {
            return new FieldError(Field, "Survey.Csv.NotText");
        }

        if (names.Count > Survey.MaxColumns)
        {
            return new FieldError(Field, "Survey.Csv.TooManyColumns", names.Count, Survey.MaxColumns);
        }

        var blank = names.FindIndex(n => n.Length == 0);
        if (blank >= 0)
        {
            return new FieldError(Field, "Survey.Csv.HeaderBlank", blank + 1);
        }

        var tooLong = names.FindIndex(n => n.Length > Survey.MaxAnswerLength);
        return tooLong >= 0 ? new FieldError(Field, "Survey.Csv.HeaderTooLong", tooLong + 1, Survey.MaxAnswerLength) : null;
    }

    private static SurveyBadRow? RowProblem(CsvRecord record, List<string> cells, int columns)
    {
        if (record.Unclosed)
        {
            return new SurveyBadRow(record.Line, "Survey.Csv.Unclosed");
        }

        if (cells.Exists(IsNotText))
        {
            return new SurveyBadRow(record.Line, "Survey.Csv.RowNotText");
        }

        if (cells.Count != columns)
        {
            return new SurveyBadRow(record.Line, "Survey.Csv.Columns", cells.Count, columns);
        }

        var tooLong = cells.FindIndex(c => c.Length > Survey.MaxAnswerLength);
        return tooLong >= 0 ? new SurveyBadRow(record.Line, "Survey.Csv.TooLong", tooLong + 1, Survey.MaxAnswerLength) : null;
    }

    /// <summary>A NUL, another control character than tab and line breaks, or bytes that were not UTF-8: a binary file, or the wrong encoding.</summary>
    private static bool IsNotText(string cell) =>
        cell.AsSpan().IndexOfAny('\0', '\uFFFD') >= 0 || cell.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>The first line that is not blank (with the blank ones before it), read ahead to find its separator; and a reader that gives it again.</summary>
    private static (string Header, TextReader Reader) FirstLine(TextReader reader)
    {
        var header = new StringBuilder();
        var quoted = false;
        var content = false;
        for (var c = reader.Read(); c >= 0; c = reader.Read())
        {
            header.Append((char)c);
            quoted ^= c == '"';
            if (c is '\n' or '\r' && !quoted && content)
            {
                break;
            }

            content |= !char.IsWhiteSpace((char)c);
        }

        var text = header.ToString();
        return (text, new Prefixed(text, reader));
    }

    private static SurveyCsvResult Refused(string key, params object[] arguments) => new([], [], [], 0, new FieldError(Field, key, arguments), ',');

    /// <summary>The text read ahead, then the rest of the reader.</summary>
    private sealed class Prefixed(string prefix, TextReader rest) : TextReader
    {
        private int position;

        public override int Peek() => position < prefix.Length ? prefix[position] : rest.Peek();

        public override int Read() => position < prefix.Length ? prefix[position++] : rest.Read();
    }
}
