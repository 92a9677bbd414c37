using Portal.Infrastructure;
using System.Globalization;
using System.Text;

namespace Portal.Features.Kpis;

/// <summary>One pasted line that was not taken, and why; the message is a resource key.</summary>
public sealed record CsvLineError(int Line, string MessageKey, params object[] Arguments);

public sealed record CsvMeasurement(int Line, DateOnly Date, double Value);

public sealed record ParsedMeasurements(IReadOnlyList<CsvMeasurement> Rows, IReadOnlyList<CsvLineError> Errors);

/// <summary>
/// Measurements pasted as <c>date,value</c> lines, and the CSV files the tracker exports. Pure functions,
/// so that each malformed line's report has a test.
/// </summary>
public static class KpiCsv
{
    /// <summary>About a thousand lines; <see cref="Portal.Infrastructure.BrowserMessageLimit"/> lets a paste this long reach the server.</summary>
    public const int MaxPasteLength = 30_000;
    public const string MeasurementHeader = "date,value";

    /// <summary>
    /// Reads one <c>date,value</c> per line: an ISO date (yyyy-MM-dd) and a number with a decimal point.
    /// Blank lines are skipped; a first line whose first cell is "date" (or "日期") is a header. Cells may be
    /// quoted, and a tab may stand for the comma, as when a column pair is copied from a spreadsheet. Every
    /// other line that cannot be read is reported with its number and the reason, and the good lines are kept.
    /// A date given twice keeps its first line and reports the second.
    /// </summary>
    public static ParsedMeasurements ParseMeasurements(string text, DateOnly today)
    {
        var rows = new List<CsvMeasurement>();
        var errors = new List<CsvLineError>();
        var seen = new Dictionary<DateOnly, int>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var firstContentLine = true;
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(line.Contains('\t', StringComparison.Ordinal) ? '\t' : ',').Select(Unquote).ToArray();
            if (firstContentLine)
            {
                firstContentLine = false;
                if (cells[0].Equals("date", StringComparison.OrdinalIgnoreCase) || cells[0] == "日期")
                {
                    continue;
                }
            }

            if (cells.Length != 2)
            {
                errors.Add(new CsvLineError(lineNumber, "Kpi.Csv.FieldCount", cells.Length));
                continue;
            }

            if (!DateOnly.TryParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(new CsvLineError(lineNumber, "Kpi.Csv.BadDate", cells[0]));
                continue;
            }

            if (!double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                errors.Add(new CsvLineError(lineNumber, "Kpi.Csv.BadValue", cells[1]));
                continue;
            }

            if ((KpiValidation.DateProblem(date, today) ?? KpiValidation.ValueProblem(value)) is { } problem)
            {
                errors.Add(new CsvLineError(lineNumber, problem, problem == "Kpi.Error.TooLarge" ? KpiValidation.MaxMagnitude : cells[0]));
                continue;
            }

            if (seen.TryGetValue(date, out var earlier))
            {
                errors.Add(new CsvLineError(lineNumber, "Kpi.Csv.DuplicateDate", cells[0], earlier));
                continue;
            }

            seen.Add(date, lineNumber);
            rows.Add(new CsvMeasurement(lineNumber, date, value));
        }

        return new ParsedMeasurements(rows, errors);
    }

    /// <summary>One KPI's measurements as <c>date,value</c>, oldest first: the same format the paste box reads.</summary>
    public static string FormatMeasurements(IEnumerable<KpiPoint> points)
    {
        var csv = new StringBuilder(MeasurementHeader).Append("\r\n");
        foreach (var point in points.OrderBy(p => p.Date))
        {
            csv.Append(Date(point.Date)).Append(',').Append(Number(point.Value)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Every measurement of every KPI: <c>kpi,unit,date,value</c>.</summary>
    public static string FormatAllMeasurements(IEnumerable<KpiView> kpis)
    {
        var csv = new StringBuilder("kpi,unit,date,value\r\n");
        foreach (var kpi in kpis)
        {
            foreach (var point in kpi.Measurements.OrderBy(p => p.Date))
            {
                Row(csv, [Text(kpi.Name), Text(kpi.Unit), Date(point.Date), Number(point.Value)]);
            }
        }

        return csv.ToString();
    }

    /// <summary>One line per KPI with its definition, latest measurement and status (the status as in <see cref="KpiStatus"/>).</summary>
    public static string FormatKpis(IEnumerable<KpiView> kpis)
    {
        var csv = new StringBuilder(
            "name,unit,direction,baseline,target,start_date,deadline,owner,canvas_block,objective,status,latest_date,latest_value,planned_value,shortfall,specific,measurable,achievable,relevant\r\n");
        foreach (var kpi in kpis)
        {
            var status = kpi.Status;
            Row(csv,
            [
                Text(kpi.Name), Text(kpi.Unit), kpi.Direction.ToString(), Number(kpi.Baseline), Number(kpi.Target), Date(kpi.StartDate), Date(kpi.Deadline),
                Text(kpi.OwnerName), kpi.LinkedCanvasBlock?.ToString() ?? "", Text(kpi.Objective ?? ""), status.Status.ToString(),
                status.Date is { } date ? Date(date) : "", status.Measured is { } measured ? Number(measured) : "",
                status.Planned is { } planned ? Number(planned) : "", status.Shortfall is { } shortfall ? Number(Math.Round(shortfall, 4)) : "",
                Text(kpi.Specific), Text(kpi.Measurable), Text(kpi.Achievable), Text(kpi.Relevant),
            ]);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, IEnumerable<string> cells) => csv.AppendJoin(',', cells).Append("\r\n");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(string value) => Csv.Text(value);

    private static string Unquote(string cell)
    {
        var trimmed = cell.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"'
            ? trimmed[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim()
            : trimmed;
    }
}
