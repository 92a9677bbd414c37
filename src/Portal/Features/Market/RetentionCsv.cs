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
public static partial class RetentionCsv
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
        var separator = Csv.GuessSeparator(text);
        RowReader? rows = null;
        foreach (var record in Csv.Read(new StringReader(text), separator))
        {
            var cells = record.Cells.Select(c => c.Trim()).ToList();
            if (cells.TrueForAll(c => c.Length == 0) && !record.Unclosed)
            {
                continue;
            }

            if (rows is null)
            {
                if (HeaderProblem(record, cells) is { } refusal)
                {
                    return new RetentionCsvResult([], [], 0, refusal, RetentionShape.PerCohort);
                }

                var isLong = IsLong(cells);
                if (!isLong && cells.Count - 2 > RetentionCohortSet.MaxMonths)
                {
                    return Refused("Retention.Csv.TooManyMonths", cells.Count - 2, RetentionCohortSet.MaxMonths);
                }

                rows = isLong ? new LongRowReader(cells) : new WideRowReader(cells);
                continue;
            }

            if (rows.Read(record, cells) is { } refused)
            {
                return new RetentionCsvResult([], [], 0, refused, rows.Shape);
            }
        }

        return rows?.Finish() ?? Refused("Retention.Csv.Empty");
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

    private static RetentionCsvResult Refused(string key, params object[] arguments) => new([], [], 0, new FieldError(Field, key, arguments), RetentionShape.PerCohort);
}
