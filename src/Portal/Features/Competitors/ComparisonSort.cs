namespace Portal.Features.Competitors;

/// <summary>How the matrix orders its rows on the page: the team's order, by name, or by one company's column.</summary>
public enum ComparisonSortMode
{
    TeamOrder,
    Name,
    Company,
}

/// <summary>The rows the matrix shows, in the order the reader chose; sorting never changes the stored order.</summary>
public static class ComparisonSort
{
    /// <summary>
    /// A cell's rank in a company's column, best first: yes, partial, a value, no, then not known. Rows of the same
    /// rank keep the team's order.
    /// </summary>
    public static int Rank(ComparisonCellView? cell) => cell?.Kind switch
    {
        CellKind.Yes => 0,
        CellKind.Partial => 1,
        CellKind.Value => 2,
        CellKind.No => 3,
        _ => 4,
    };

    /// <param name="companyId">The company whose column orders the rows, for <see cref="ComparisonSortMode.Company"/>.</param>
    /// <param name="showHidden">Whether hidden rows are shown (in their place) or left out.</param>
    public static IReadOnlyList<ComparisonRowView> Rows(ComparisonMatrixView matrix, ComparisonSortMode mode, Guid? companyId, bool showHidden)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = matrix.Rows.Where(r => showHidden || !r.Hidden);
        return mode switch
        {
            ComparisonSortMode.Name => [.. rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)],
            ComparisonSortMode.Company when companyId is { } company => Ranked(matrix, rows, company),
            _ => [.. rows],
        };
    }

    private static List<ComparisonRowView> Ranked(ComparisonMatrixView matrix, IEnumerable<ComparisonRowView> rows, Guid company)
    {
        var cells = matrix.Cells.Where(c => c.CompetitorId == company).ToDictionary(c => c.RowId);
        // OrderBy is stable: rows of one rank stay in the team's order.
        return [.. rows.OrderBy(r => Rank(cells.GetValueOrDefault(r.Id)))];
    }
}
