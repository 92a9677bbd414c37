using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>What a cell is to say: its kind, the value when the kind is <see cref="CellKind.Value"/> (ignored otherwise), and a note.</summary>
public sealed record ComparisonCellInput(CellKind Kind, string Value = "", string Note = "");

/// <summary>A column of the matrix: a company, the team's own marked.</summary>
public sealed record ComparisonCompanyView(Guid Id, string Name, bool IsOwnCompany);

/// <summary>A row of the matrix as pages show it; <see cref="Version"/> guards its name and its hidden flag.</summary>
public sealed record ComparisonRowView(Guid Id, string Name, int Position, bool Hidden, Guid Version)
{
    internal static ComparisonRowView Of(ComparisonRow row) => new(row.Id, row.Name, row.Position, row.Hidden, row.Version);
}

/// <summary>A known cell; a cell with no view is "not known yet".</summary>
public sealed record ComparisonCellView(Guid RowId, Guid CompetitorId, CellKind Kind, string Value, string Note, Guid Version)
{
    public ComparisonCellInput ToInput() => new(Kind, Value, Note);

    internal static ComparisonCellView Of(ComparisonCell cell) => new(cell.RowId, cell.CompetitorId, cell.Kind, cell.Value, cell.Note, cell.Version);
}

/// <summary>
/// The whole matrix: the companies in column order (the team's own first, then by their position), every row in the
/// team's order (hidden ones too, marked), and the known cells.
/// </summary>
public sealed record ComparisonMatrixView(IReadOnlyList<ComparisonCompanyView> Companies, IReadOnlyList<ComparisonRowView> Rows, IReadOnlyList<ComparisonCellView> Cells)
{
    public static readonly ComparisonMatrixView Empty = new([], [], []);

    /// <summary>The known cells by row and company, for a page to look each up once.</summary>
    public Dictionary<(Guid RowId, Guid CompetitorId), ComparisonCellView> CellsByKey() => Cells.ToDictionary(c => (c.RowId, c.CompetitorId));
}

/// <summary>A line of an imported file that was not taken whole: the company column it concerns (or null for the whole row), and why.</summary>
public sealed record ComparisonCsvProblem(int Line, string? Column, string MessageKey, params object[] Arguments);

/// <summary>
/// What an import did: rows added and updated, cells changed, the header columns that name no company, and the lines
/// or cells left out (the first <see cref="ComparisonCsv.MaxReportedProblems"/> of <see cref="ProblemCount"/>). With a
/// <see cref="Refusal"/> nothing was stored.
/// </summary>
public sealed record ComparisonImportResult(
    int RowsAdded,
    int RowsUpdated,
    int CellsChanged,
    IReadOnlyList<string> UnknownColumns,
    IReadOnlyList<ComparisonCsvProblem> Problems,
    int ProblemCount,
    FieldError? Refusal)
{
    internal static ComparisonImportResult Refused(FieldError refusal) => new(0, 0, 0, [], [], 0, refusal);
}
