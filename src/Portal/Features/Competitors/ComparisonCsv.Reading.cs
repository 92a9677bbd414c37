using System.Text;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>A file read as rows of cells: its header and the records after it, or why it cannot be read at all.</summary>
public sealed record ComparisonCsvTable(IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records, FieldError? Refusal);

/// <summary>A row of an import: the existing row it updates (or none: a new row), its hidden flag when the file gives one, and its cells.</summary>
public sealed record ComparisonImportRow(int Line, string Name, Guid? ExistingId, bool? Hidden, IReadOnlyList<ComparisonImportCell> Cells);

/// <summary>
/// A cell of an import: what the file says (null: not known, the cell is cleared) and whether the file has a note
/// column for the company (without one, a known cell keeps the note it has).
/// </summary>
public sealed record ComparisonImportCell(Guid CompetitorId, ComparisonCellInput? Cell, bool NoteGiven);

/// <summary>What an import would do, row by row, with the columns that name no company and the problems of each line.</summary>
public sealed record ComparisonImportPlan(IReadOnlyList<ComparisonImportRow> Rows, IReadOnlyList<string> UnknownColumns, IReadOnlyList<ComparisonCsvProblem> Problems);

/// <summary>Reading the file: a pasted text or an upload as a table, and the table matched to the matrix as an import plan.</summary>
public static partial class ComparisonCsv
{

    /// <summary>Reads a pasted text.</summary>
    public static ComparisonCsvTable Read(string? text)
    {
        text ??= "";
        return Encoding.UTF8.GetByteCount(text) > MaxBytes ? Refused("Comparison.Csv.TooLarge", MaxBytes / 1024) : Parse(text);
    }

    /// <summary>Reads an uploaded file, taking at most one byte more than <see cref="MaxBytes"/> from <paramref name="stream"/>.</summary>
    public static async Task<ComparisonCsvTable> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return Refused("Comparison.Csv.TooLarge", MaxBytes / 1024);
        }

        // Invalid UTF-8 becomes U+FFFD, which the rows it lands in are refused for.
        return Parse(new UTF8Encoding(false, false).GetString(buffer, 0, length));
    }

    /// <summary>
    /// Matches the table to the matrix: header columns to companies by name (case aside), rows to existing rows by name.
    /// Rows past <paramref name="maxRows"/> in all, repeated names, rows of the wrong width and bad cells are reported by
    /// line; a bad cell leaves the rest of its row to be taken.
    /// </summary>
    public static ComparisonImportPlan Plan(ComparisonCsvTable table, IReadOnlyList<ComparisonCompanyView> companies, IReadOnlyList<ComparisonRowView> existing, int maxRows = ComparisonRow.MaxPerWorkspace)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(companies);
        ArgumentNullException.ThrowIfNull(existing);
        var problems = new List<ComparisonCsvProblem>();
        var unknown = new List<string>();
        var byName = companies.GroupBy(c => c.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var valueColumns = new Dictionary<Guid, int>();
        var noteColumns = new Dictionary<Guid, int>();
        int? hiddenColumn = null;
        for (var i = 1; i < table.Header.Count; i++)
        {
            var name = Unmark(table.Header[i].Trim());
            if (name.Length == 0)
            {
                continue;
            }

            var isNote = name.StartsWith(NotePrefix, StringComparison.OrdinalIgnoreCase) && !byName.ContainsKey(name);
            var companyName = isNote ? name[NotePrefix.Length..].Trim() : name;
            if (byName.TryGetValue(companyName, out var matches))
            {
                var columns = isNote ? noteColumns : valueColumns;
                if (matches.Count > 1)
                {
                    problems.Add(new ComparisonCsvProblem(1, name, "Comparison.Csv.AmbiguousColumn"));
                }
                else if (!columns.TryAdd(matches[0].Id, i))
                {
                    problems.Add(new ComparisonCsvProblem(1, name, "Comparison.Csv.RepeatedColumn"));
                }
            }
            else if (name.Equals(HiddenColumn, StringComparison.OrdinalIgnoreCase) && hiddenColumn is null)
            {
                hiddenColumn = i;
            }
            else
            {
                unknown.Add(name);
            }
        }

        var rows = new List<ComparisonImportRow>();
        var existingByName = existing.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var room = maxRows - existing.Count;
        foreach (var record in table.Records)
        {
            var cells = record.Cells.Select(c => c.Trim()).ToList();
            if (RowProblem(record, cells, table.Header.Count) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            var name = Unmark(cells[0]);
            if (name.Length > ComparisonRow.NameMaxLength)
            {
                problems.Add(new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.NameTooLong", ComparisonRow.NameMaxLength));
                continue;
            }

            if (!seen.Add(name))
            {
                problems.Add(new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.RepeatedRow", name));
                continue;
            }

            Guid? id = existingByName.TryGetValue(name, out var found) ? found : null;
            if (id is null && room-- <= 0)
            {
                problems.Add(new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.NoRoom", name, maxRows));
                continue;
            }

            bool? hidden = null;
            if (hiddenColumn is { } h)
            {
                hidden = Flag(cells[h]);
                if (hidden is null)
                {
                    problems.Add(new ComparisonCsvProblem(record.Line, HiddenColumn, "Comparison.Csv.Hidden", cells[h]));
                }
            }

            var imported = new List<ComparisonImportCell>();
            foreach (var company in companies)
            {
                if (!valueColumns.TryGetValue(company.Id, out var valueColumn))
                {
                    continue;
                }

                var noteGiven = noteColumns.TryGetValue(company.Id, out var noteColumn);
                if (CellOf(record.Line, company.Name, cells[valueColumn], noteGiven ? cells[noteColumn] : "", problems) is var (ok, cell) && ok)
                {
                    imported.Add(new ComparisonImportCell(company.Id, cell, noteGiven));
                }
            }

            rows.Add(new ComparisonImportRow(record.Line, name, id, hidden, imported));
        }

        return new ComparisonImportPlan(rows, unknown, problems);
    }

    /// <summary>
    /// One cell: empty is "not known" (a note alone is refused, as a note needs something to be about), one of the
    /// three words is that kind, anything else a value. Not taken (reported) when the value or note is too long.
    /// </summary>
    private static (bool Ok, ComparisonCellInput? Cell) CellOf(int line, string company, string said, string note, List<ComparisonCsvProblem> problems)
    {
        var (kind, value) = Kind(said);
        note = Unmark(note);
        if (kind is null && note.Length > 0)
        {
            problems.Add(new ComparisonCsvProblem(line, company, "Comparison.Csv.NoteWithoutCell"));
            return (false, null);
        }

        if (value.Length > ComparisonCell.ValueMaxLength)
        {
            problems.Add(new ComparisonCsvProblem(line, company, "Comparison.Csv.ValueTooLong", ComparisonCell.ValueMaxLength));
            return (false, null);
        }

        if (note.Length > ComparisonCell.NoteMaxLength)
        {
            problems.Add(new ComparisonCsvProblem(line, company, "Comparison.Csv.NoteTooLong", ComparisonCell.NoteMaxLength));
            return (false, null);
        }

        return (true, kind is { } k ? new ComparisonCellInput(k, value, note) : null);
    }

    /// <summary>The kind a cell's text says, and its value; a word after an apostrophe is a value spelled like it.</summary>
    private static (CellKind? Kind, string Value) Kind(string said)
    {
        if (said.Length == 0)
        {
            return (null, "");
        }

        if (said.Equals(Yes, StringComparison.OrdinalIgnoreCase))
        {
            return (CellKind.Yes, "");
        }

        if (said.Equals(No, StringComparison.OrdinalIgnoreCase))
        {
            return (CellKind.No, "");
        }

        if (said.Equals(Partial, StringComparison.OrdinalIgnoreCase))
        {
            return (CellKind.Partial, "");
        }

        var value = Unmark(said);
        return value.Length == 0 ? (null, "") : (CellKind.Value, value);
    }

    private static bool? Flag(string said) => said.ToUpperInvariant() switch
    {
        "" or "NO" or "FALSE" or "0" => false,
        "YES" or "TRUE" or "1" or "HIDDEN" => true,
        _ => null,
    };

    private static ComparisonCsvProblem? RowProblem(CsvRecord record, List<string> cells, int columns)
    {
        if (record.Unclosed)
        {
            return new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.Unclosed");
        }

        if (cells.Exists(IsNotText))
        {
            return new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.NotText");
        }

        if (cells.Count != columns)
        {
            return new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.Columns", columns, cells.Count);
        }

        return cells[0].Length == 0 ? new ComparisonCsvProblem(record.Line, null, "Comparison.Csv.NoName") : null;
    }

    private static ComparisonCsvTable Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
        var separator = Csv.GuessSeparator(text);
        List<string>? header = null;
        var records = new List<CsvRecord>();
        foreach (var record in Csv.Read(new StringReader(text), separator))
        {
            var cells = record.Cells.Select(c => c.Trim()).ToList();
            if (cells.TrueForAll(c => c.Length == 0) && !record.Unclosed)
            {
                continue;
            }

            if (header is null)
            {
                if (record.Unclosed)
                {
                    return Refused("Comparison.Csv.HeaderUnclosed");
                }

                if (cells.Exists(IsNotText))
                {
                    return Refused("Comparison.Csv.HeaderNotText");
                }

                if (cells.Count > MaxColumns)
                {
                    return Refused("Comparison.Csv.TooManyColumns", cells.Count, MaxColumns);
                }

                if (cells.Count < 2)
                {
                    return Refused("Comparison.Csv.NoCompanies");
                }

                header = cells;
                continue;
            }

            records.Add(record);
        }

        if (header is null)
        {
            return Refused("Comparison.Csv.Empty");
        }

        return records.Count == 0 ? Refused("Comparison.Csv.NoRows") : new ComparisonCsvTable(header, records, null);
    }

    /// <summary>A NUL, a control character other than tab and line breaks, or bytes that were not UTF-8.</summary>
    private static bool IsNotText(string cell) =>
        cell.AsSpan().IndexOfAny('\0', '\uFFFD') >= 0 || cell.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    private static ComparisonCsvTable Refused(string key, params object[] arguments) => new([], [], new FieldError(Field, key, arguments));
}
