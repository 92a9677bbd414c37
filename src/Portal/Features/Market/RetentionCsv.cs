using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>One sign-up cohort: its label (such as <c>2026-01</c>), how many signed up, and how many were active in month 0, 1, 2… after.</summary>
public sealed record RetentionCohort(string Cohort, int Size, IReadOnlyList<int> Active);

/// <summary>A row of a retention file that was not taken, and why; the message is a resource key of RetentionText.</summary>
public sealed record RetentionBadRow(int Line, string MessageKey, params object[] Arguments);

/// <summary>The two layouts a retention file may have (see <see cref="RetentionCsv"/>).</summary>
public enum RetentionShape
{
    /// <summary>Wide, <c>cohort,size,m0,m1,m2…</c>: one row a cohort.</summary>
    PerCohort,

    /// <summary>Long, <c>cohort,month,active</c>: one row a cohort and month; the cohort's size is its month 0.</summary>
    PerMonth,
}

/// <summary>
/// What a retention file held: the good cohorts sorted by label, the bad rows by line (the first
/// <see cref="RetentionCsv.MaxReportedBadRows"/> of <see cref="BadRowCount"/>), and <see cref="Refusal"/> when the file as
/// a whole cannot be taken (then there are no cohorts).
/// </summary>
public sealed record RetentionCsvResult(
    IReadOnlyList<RetentionCohort> Cohorts,
    IReadOnlyList<RetentionBadRow> BadRows,
    int BadRowCount,
    FieldError? Refusal,
    RetentionShape Shape);

/// <summary>
/// Reads sign-up cohorts and their active users by month from CSV, in one of two shapes told apart by the header row:
/// long when it has three columns and the second is named "month" (or its Chinese name), wide otherwise.
/// <list type="bullet">
/// <item>Wide, <c>cohort,size,m0,m1,m2…</c>: one row a cohort; a younger cohort's row simply stops (or has empty cells) where its months end.</item>
/// <item>Long, <c>cohort,month,active</c>: one row a cohort and month, in any order; the size of a cohort is its month 0.</item>
/// </list>
/// Cells are quoted as RFC 4180 says (through <see cref="Csv.Read"/>); the separator is the comma, semicolon or tab the
/// header uses most; UTF-8 with or without a byte order mark. A row with a problem (a number that is not whole, a negative
/// one, more active users than the cohort has, a cohort given twice, more cells than the header, …) is reported by its
/// line and left out; the good rows are kept. A file past <see cref="MaxBytes"/>, <see cref="RetentionCohortSet.MaxCohorts"/>
/// or <see cref="RetentionCohortSet.MaxMonths"/> is refused as a whole. Never throws.
/// </summary>
public static class RetentionCsv
{
    /// <summary>The largest file read, in bytes (1 MiB); a larger one is refused before its rows are read.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The longest text the paste box takes (what one message from the browser may carry).</summary>
    public const int MaxPasteLength = BrowserMessageLimit.LongestText;

    /// <summary>The bad rows listed one by one; more are counted only.</summary>
    public const int MaxReportedBadRows = 100;

    /// <summary>The longest cohort label.</summary>
    public const int MaxLabelLength = 40;

    /// <summary>The most users a cohort may have.</summary>
    public const int MaxCount = 1_000_000_000;

    public const string Field = "Csv";

    /// <summary>Longer cell text is cut in the messages that quote it.</summary>
    private const int QuotedLength = 20;

    private static readonly char[] Separators = [',', ';', '\t'];

    /// <summary>
    /// Names of a long file's month column: month, and the Chinese for month (yue), month (yuefen) and which month
    /// (di ji yue), escaped since they are read, never shown.
    /// </summary>
    private static readonly string[] MonthNames = ["month", "months", "\u6708", "\u6708\u4efd", "\u7b2c\u51e0\u6708", "period"];

    /// <summary>
    /// Year and month written another way (2026-1, 2026/01, 2026.1, or the Chinese 2026 nian 1 yue), made <c>2026-01</c>
    /// so labels sort by date.
    /// </summary>
    private static readonly Regex YearMonth = new(@"^(\d{4})\s*[-/.\u5e74]\s*(\d{1,2})\s*\u6708?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Reads a pasted text.</summary>
    public static RetentionCsvResult Read(string? text)
    {
        text ??= "";
        return Encoding.UTF8.GetByteCount(text) > MaxBytes ? Refused("Retention.Csv.TooLarge", MaxBytes / 1024) : Parse(text.TrimStart('\uFEFF'));
    }

    /// <summary>Reads an uploaded file: at most <see cref="MaxBytes"/> and one byte more are taken, and a longer file is refused.</summary>
    public static async Task<RetentionCsvResult> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
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
            return Refused("Retention.Csv.TooLarge", MaxBytes / 1024);
        }

        // Invalid UTF-8 becomes U+FFFD, which the rows it lands in are refused for; a byte order mark is dropped.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length, writable: false), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        return Parse(await reader.ReadToEndAsync(cancellationToken));
    }

    /// <summary>A label as stored: trimmed, and a year and month written another way made <c>yyyy-MM</c>.</summary>
    public static string Label(string cell)
    {
        var label = cell.Trim();
        var match = YearMonth.Match(label);
        return match.Success && int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var month
            ? $"{match.Groups[1].Value}-{month:00}"
            : label;
    }

    private static RetentionCsvResult Parse(string text)
    {
        var separator = Separator(text);
        List<string>? header = null;
        var reader = new Reader();
        foreach (var record in Csv.Read(new StringReader(text), separator))
        {
            var cells = record.Cells.Select(c => c.Trim()).ToList();
            if (cells.TrueForAll(c => c.Length == 0) && !record.Unclosed)
            {
                continue;
            }

            if (header is null)
            {
                if (HeaderProblem(record, cells) is { } refusal)
                {
                    return new RetentionCsvResult([], [], 0, refusal, RetentionShape.PerCohort);
                }

                header = cells;
                reader.Shape = IsLong(cells) ? RetentionShape.PerMonth : RetentionShape.PerCohort;
                if (reader.Shape == RetentionShape.PerCohort && cells.Count - 2 > RetentionCohortSet.MaxMonths)
                {
                    return Refused("Retention.Csv.TooManyMonths", cells.Count - 2, RetentionCohortSet.MaxMonths);
                }

                continue;
            }

            var refused = reader.Shape == RetentionShape.PerCohort ? reader.WideRow(record, cells, header) : reader.LongRow(record, cells, header);
            if (refused is not null)
            {
                return new RetentionCsvResult([], [], 0, refused, reader.Shape);
            }
        }

        if (header is null)
        {
            return Refused("Retention.Csv.Empty");
        }

        return reader.Finish();
    }

    private static FieldError? HeaderProblem(CsvRecord record, List<string> names)
    {
        if (record.Unclosed)
        {
            return new FieldError(Field, "Retention.Csv.HeaderUnclosed", record.Line);
        }

        if (names.Exists(IsNotText))
        {
            return new FieldError(Field, "Retention.Csv.NotText");
        }

        // At least cohort, size and month 0 (wide) or cohort, month and active (long).
        return names.Count < 3 ? new FieldError(Field, "Retention.Csv.Header", names.Count) : null;
    }

    private static bool IsLong(List<string> header) =>
        header.Count == 3 && MonthNames.Contains(header[1].ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>A NUL, another control character than tab and line breaks, or bytes that were not UTF-8.</summary>
    private static bool IsNotText(string cell) =>
        cell.AsSpan().IndexOfAny('\0', '\uFFFD') >= 0 || cell.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>The comma, semicolon or tab the first line that is not blank holds most of outside quotes; the comma when it holds none.</summary>
    private static char Separator(string text)
    {
        var counts = new int[Separators.Length];
        var quoted = false;
        var content = false;
        foreach (var c in text)
        {
            quoted ^= c == '"';
            if (c is '\n' or '\r' && !quoted && content)
            {
                break;
            }

            content |= !char.IsWhiteSpace(c);
            var index = Array.IndexOf(Separators, c);
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

        return Separators[best];
    }

    private static RetentionCsvResult Refused(string key, params object[] arguments) => new([], [], 0, new FieldError(Field, key, arguments), RetentionShape.PerCohort);

    private static string Quote(string cell) => cell.Length <= QuotedLength ? cell : string.Concat(cell.AsSpan(0, QuotedLength - 1), "…");

    /// <summary>A count: a whole number from 0 to <see cref="MaxCount"/>; otherwise the reason, naming the column.</summary>
    private static (int Value, RetentionBadRow? Problem) Count(int line, string cell, string column)
    {
        if (cell.Length == 0)
        {
            return (0, new RetentionBadRow(line, "Retention.Csv.Blank", column));
        }

        if (!long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number < 0
                ? (0, new RetentionBadRow(line, "Retention.Csv.Negative", column, Quote(cell)))
                : (0, new RetentionBadRow(line, "Retention.Csv.NotNumber", column, Quote(cell)));
        }

        return value switch
        {
            < 0 => (0, new RetentionBadRow(line, "Retention.Csv.Negative", column, Quote(cell))),
            > MaxCount => (0, new RetentionBadRow(line, "Retention.Csv.TooBig", column, MaxCount)),
            _ => ((int)value, null),
        };
    }

    /// <summary>The rows read so far, for one shape; then the result.</summary>
    private sealed class Reader
    {
        private readonly List<RetentionBadRow> badRows = [];
        private readonly List<RetentionCohort> cohorts = [];
        private readonly Dictionary<string, int> firstLines = new(StringComparer.Ordinal);
        private readonly List<MonthRow> longRows = [];
        private readonly Dictionary<(string Cohort, int Month), int> longLines = [];

        public RetentionShape Shape { get; set; }

        /// <summary>A wide row: a cohort, its size and its months; null, or the refusal of the whole file.</summary>
        public FieldError? WideRow(CsvRecord record, List<string> cells, List<string> header)
        {
            var line = record.Line;
            if (CommonProblem(record, cells, header.Count) is { } problem)
            {
                badRows.Add(problem);
                return null;
            }

            if (LabelProblem(line, cells[0]) is { } labelProblem)
            {
                badRows.Add(labelProblem);
                return null;
            }

            if (cells.Count < 3)
            {
                badRows.Add(new RetentionBadRow(line, "Retention.Csv.NoMonths"));
                return null;
            }

            var (size, sizeProblem) = Count(line, cells[1], header[1]);
            if (sizeProblem is not null || size == 0)
            {
                badRows.Add(sizeProblem ?? new RetentionBadRow(line, "Retention.Csv.ZeroSize"));
                return null;
            }

            var active = new List<int>();
            for (var i = 2; i < cells.Count; i++)
            {
                var (value, valueProblem) = Count(line, cells[i], header[i]);
                if (valueProblem is null && value > size)
                {
                    valueProblem = new RetentionBadRow(line, "Retention.Csv.AboveSize", header[i], value, size);
                }

                if (valueProblem is not null)
                {
                    badRows.Add(valueProblem);
                    return null;
                }

                active.Add(value);
            }

            var label = Label(cells[0]);
            if (firstLines.TryGetValue(label, out var first))
            {
                badRows.Add(new RetentionBadRow(line, "Retention.Csv.Duplicate", label, first));
                return null;
            }

            if (cohorts.Count == RetentionCohortSet.MaxCohorts)
            {
                return new FieldError(Field, "Retention.Csv.TooManyCohorts", RetentionCohortSet.MaxCohorts, line);
            }

            firstLines[label] = line;
            cohorts.Add(new RetentionCohort(label, size, active));
            return null;
        }

        /// <summary>A long row: a cohort, a month and its active users, checked alone here and with its cohort in <see cref="Finish"/>.</summary>
        public FieldError? LongRow(CsvRecord record, List<string> cells, List<string> header)
        {
            var line = record.Line;
            if (CommonProblem(record, cells, header.Count) is { } problem)
            {
                badRows.Add(problem);
                return null;
            }

            if (LabelProblem(line, cells[0]) is { } labelProblem)
            {
                badRows.Add(labelProblem);
                return null;
            }

            if (cells.Count < 3)
            {
                badRows.Add(new RetentionBadRow(line, "Retention.Csv.LongMissing"));
                return null;
            }

            var (month, monthProblem) = Count(line, cells[1], header[1]);
            var (active, activeProblem) = Count(line, cells[2], header[2]);
            if ((monthProblem ?? activeProblem) is { } numberProblem)
            {
                badRows.Add(numberProblem);
                return null;
            }

            if (month >= RetentionCohortSet.MaxMonths)
            {
                return new FieldError(Field, "Retention.Csv.MonthTooLate", RetentionCohortSet.MaxMonths, line, RetentionCohortSet.MaxMonths - 1);
            }

            var label = Label(cells[0]);
            if (longLines.TryGetValue((label, month), out var first))
            {
                badRows.Add(new RetentionBadRow(line, "Retention.Csv.DuplicateMonth", label, month, first));
                return null;
            }

            longLines[(label, month)] = line;
            longRows.Add(new MonthRow(line, label, month, active));
            return null;
        }

        public RetentionCsvResult Finish()
        {
            if (Shape == RetentionShape.PerMonth && Group() is { } refusal)
            {
                return new RetentionCsvResult([], [], 0, refusal, Shape);
            }

            var reported = badRows.OrderBy(b => b.Line).Take(MaxReportedBadRows).ToList();
            var sorted = cohorts.OrderBy(c => c.Cohort, StringComparer.Ordinal).ToList();
            // The report of bad rows stays with the refusal: it says why no row could be taken.
            return new RetentionCsvResult(
                sorted, reported, badRows.Count, sorted.Count == 0 ? new FieldError(Field, "Retention.Csv.NoRows") : null, Shape);
        }

        /// <summary>The long rows made cohorts: month 0 gives the size; a row above it, or after a missing month, is left out.</summary>
        private FieldError? Group()
        {
            foreach (var group in longRows.GroupBy(r => r.Cohort, StringComparer.Ordinal))
            {
                var rows = group.OrderBy(r => r.Month).ToList();
                if (rows[0].Month != 0 || rows[0].Active == 0)
                {
                    var key = rows[0].Month != 0 ? "Retention.Csv.NoMonthZero" : "Retention.Csv.ZeroSize";
                    badRows.AddRange(rows.Select(r => new RetentionBadRow(r.Line, key, group.Key)));
                    continue;
                }

                var size = rows[0].Active;
                var active = new List<int>();
                foreach (var row in rows)
                {
                    if (row.Month != active.Count)
                    {
                        badRows.Add(new RetentionBadRow(row.Line, "Retention.Csv.Gap", group.Key, row.Month, active.Count));
                    }
                    else if (row.Active > size)
                    {
                        badRows.Add(new RetentionBadRow(row.Line, "Retention.Csv.AboveSize", row.Month.ToString(CultureInfo.InvariantCulture), row.Active, size));
                    }
                    else
                    {
                        active.Add(row.Active);
                    }
                }

                if (cohorts.Count == RetentionCohortSet.MaxCohorts)
                {
                    return new FieldError(Field, "Retention.Csv.TooManyCohorts", RetentionCohortSet.MaxCohorts, rows[0].Line);
                }

                cohorts.Add(new RetentionCohort(group.Key, size, active));
            }

            return null;
        }

        /// <summary>A quote never closed, bytes that are not text, or more cells than the header (empty cells at the end do not count).</summary>
        private static RetentionBadRow? CommonProblem(CsvRecord record, List<string> cells, int columns)
        {
            if (record.Unclosed)
            {
                return new RetentionBadRow(record.Line, "Retention.Csv.Unclosed");
            }

            if (cells.Exists(IsNotText))
            {
                return new RetentionBadRow(record.Line, "Retention.Csv.RowNotText");
            }

            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            return cells.Count > columns ? new RetentionBadRow(record.Line, "Retention.Csv.TooManyColumns", cells.Count, columns) : null;
        }

        private static RetentionBadRow? LabelProblem(int line, string label) => label.Length switch
        {
            0 => new RetentionBadRow(line, "Retention.Csv.NoCohort"),
            > MaxLabelLength => new RetentionBadRow(line, "Retention.Csv.CohortTooLong", MaxLabelLength),
            _ => null,
        };

        private sealed record MonthRow(int Line, string Cohort, int Month, int Active);
    }
}
