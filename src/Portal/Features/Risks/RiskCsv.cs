using System.Globalization;
using Portal.Infrastructure;

namespace Portal.Features.Risks;

/// <summary>A risk read from one line of an imported file, checked as a form's values are.</summary>
public sealed record RiskCsvRow(int Line, RiskInput Input);

/// <summary>
/// Reads a whole risk CSV file (the export's columns) in one pass, without the database: every row is checked before
/// anything is stored, so an import is all one write.
/// </summary>
public static class RiskCsv
{
    public static (List<RiskCsvRow> Rows, List<(int Line, string MessageKey, object[] Arguments)> Errors) Read(
        string text, IReadOnlyDictionary<string, string> memberIdsByNormalizedEmail)
    {
        var rows = new List<RiskCsvRow>();
        var errors = new List<(int, string, object[])>();
        foreach (var (line, cells) in Csv.Parse(text))
        {
            if (line == 1 && cells.Count > 0 && cells[0].Trim().Equals(RiskService.CsvColumns[0], StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (cells.Count != RiskService.CsvColumns.Count)
            {
                errors.Add((line, "Risk.Csv.Columns", [RiskService.CsvColumns.Count, cells.Count]));
                continue;
            }

            if (!TryRead(cells, memberIdsByNormalizedEmail, out var input, out var problem))
            {
                errors.Add((line, problem.Key, problem.Arguments));
                continue;
            }

            try
            {
                // The owner came from the members, so it is one.
                rows.Add(new RiskCsvRow(line, RiskService.Validate(input, ownerIsMember: true)));
            }
            catch (InputRejectedException rejected)
            {
                errors.Add((line, rejected.Errors[0].MessageKey, rejected.Errors[0].Arguments));
            }
        }

        return (rows, errors);
    }

    private static bool TryRead(IReadOnlyList<string> cells, IReadOnlyDictionary<string, string> members, out RiskInput input, out (string Key, object[] Arguments) problem)
    {
        input = null!;
        problem = default;
        string Cell(int i) => cells[i].Trim().TrimStart('\'');
        if (!Enum.TryParse<RiskCategory>(Cell(0), ignoreCase: true, out var category) || !Enum.IsDefined(category))
        {
            problem = ("Risk.Csv.Category", [Cell(0)]);
            return false;
        }

        int[] scores = new int[4];
        int[] columns = [3, 4, 9, 10];
        for (var i = 0; i < columns.Length; i++)
        {
            if (!int.TryParse(Cell(columns[i]), NumberStyles.Integer, CultureInfo.InvariantCulture, out scores[i]))
            {
                problem = ("Risk.Csv.Number", [RiskService.CsvColumns[columns[i]], Cell(columns[i])]);
                return false;
            }
        }

        DateOnly? review = null;
        if (Cell(7).Length > 0)
        {
            if (!DateOnly.TryParseExact(Cell(7), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problem = ("Risk.Csv.Date", [Cell(7)]);
                return false;
            }

            review = date;
        }

        if (!Enum.TryParse<RiskStatus>(Cell(8), ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            problem = ("Risk.Csv.Status", [Cell(8)]);
            return false;
        }

        string? owner = null;
        if (Cell(5).Length > 0 && !members.TryGetValue(Cell(5).ToUpperInvariant(), out owner))
        {
            problem = ("Risk.Csv.Owner", [Cell(5)]);
            return false;
        }

        input = new RiskInput(category, Cell(1), Cell(2), scores[0], scores[1], owner, Cell(6), review, status, scores[2], scores[3]);
        return true;
    }
}
