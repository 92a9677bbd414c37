using System.Text;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>
/// The matrix as a CSV file and back. The header names the attribute column, then one column per company (its name),
/// then a <c>note:</c> column per company, then <c>hidden</c>. A cell is <c>yes</c>, <c>no</c>, <c>partial</c>, a value
/// of its own, or empty (not known). Text that a spreadsheet would run as a formula, that starts with an apostrophe, or
/// that is a value spelled like one of the three words, is written after an apostrophe, which reading takes off again:
/// the export reads back to the same matrix. Reading takes UTF-8 with or without a byte order mark, and the comma,
/// semicolon or tab, whichever the header holds most of.
/// </summary>
public static partial class ComparisonCsv
{
    /// <summary>The largest file read (1 MiB): a full matrix with long notes takes a fraction of it.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The longest text the paste box takes (what one message from the browser may carry).</summary>
    public const int MaxPasteLength = BrowserMessageLimit.LongestText;

    /// <summary>Problems listed one by one; more are counted only.</summary>
    public const int MaxReportedProblems = 100;

    /// <summary>More header columns than this is not a matrix (every company with its note, and room for a few of the user's own).</summary>
    public const int MaxColumns = 2 * Competitor.MaxPerWorkspace + 20;

    public const string Field = "Csv";

    public const string AttributeColumn = "attribute";

    public const string NotePrefix = "note:";

    public const string HiddenColumn = "hidden";

    public const string Yes = "yes";

    public const string No = "no";

    public const string Partial = "partial";

    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>The matrix as CSV text (CRLF line ends, every text cell quoted), rows in the team's order, hidden ones too.</summary>
    public static string Write(ComparisonMatrixView matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var cells = matrix.CellsByKey();
        var csv = Csv.Row(new StringBuilder(), [
            AttributeColumn,
            .. matrix.Companies.Select(c => Text(c.Name)),
            .. matrix.Companies.Select(c => Text(NotePrefix + c.Name)),
            HiddenColumn,
        ]);
        foreach (var row in matrix.Rows)
        {
            var known = matrix.Companies.Select(c => cells.GetValueOrDefault((row.Id, c.Id))).ToList();
            Csv.Row(csv, [
                Text(row.Name),
                .. known.Select(cell => cell is null ? "" : cell.Kind == CellKind.Value ? Text(cell.Value) : Quoted(Say(cell))),
                .. known.Select(cell => Text(cell?.Note ?? "")),
                row.Hidden ? Yes : "",
            ]);
        }

        return csv.ToString();
    }

    /// <summary>A cell as the file says it: one of the three words, or its value.</summary>
    public static string Say(ComparisonCellView cell) => cell.Kind switch
    {
        CellKind.Yes => Yes,
        CellKind.No => No,
        CellKind.Partial => Partial,
        _ => cell.Value,
    };

    /// <summary>
    /// A text cell, quoted: after an apostrophe when it would start a formula (as every export of the portal does), when
    /// it starts with an apostrophe itself, or when it is spelled like one of the three words; <see cref="Unmark"/> undoes it.
    /// </summary>
    private static string Text(string value)
    {
        if (value.Length > 0 && (FormulaStarts.Contains(value[0], StringComparison.Ordinal) || value[0] == '\'' || IsWord(value)))
        {
            value = "'" + value;
        }

        return Quoted(value);
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Unmark(string value) =>
        value.Length > 1 && value[0] == '\'' && (FormulaStarts.Contains(value[1], StringComparison.Ordinal) || value[1] == '\'' || IsWord(value[1..]))
            ? value[1..]
            : value;

    private static bool IsWord(string value) =>
        value.Equals(Yes, StringComparison.OrdinalIgnoreCase) || value.Equals(No, StringComparison.OrdinalIgnoreCase) || value.Equals(Partial, StringComparison.OrdinalIgnoreCase);
}
