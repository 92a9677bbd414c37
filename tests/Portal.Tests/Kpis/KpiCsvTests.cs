using Portal.Features.Kpis;

namespace Portal.Tests.Kpis;

public sealed class KpiCsvTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    [Fact]
    public void Good_lines_are_kept_and_each_bad_line_is_reported_with_its_number_and_reason()
    {
        var text = string.Join('\n',
            "date,value",
            "2026-01-31,24",
            "",
            "2026-02-30,25",
            "2026-03-31,abc",
            "2026-04-30",
            "2026-05-31,27,extra",
            "31/05/2026,28",
            "2026-05-31,29.5",
            "2026-05-31,30",
            "2027-01-01,31",
            "1999-12-31,1",
            "2026-06-01,1e13",
            "  2026-06-15 , -3.25 ");

        var parsed = KpiCsv.ParseMeasurements(text, Today);

        Assert.Equal(
            [new DateOnly(2026, 1, 31), new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 15)],
            parsed.Rows.Select(r => r.Date));
        Assert.Equal([24, 29.5, -3.25], parsed.Rows.Select(r => r.Value));
        Assert.Equal([2, 9, 14], parsed.Rows.Select(r => r.Line));
        Assert.Equal(
            [
                (4, "Kpi.Csv.BadDate"),
                (5, "Kpi.Csv.BadValue"),
                (6, "Kpi.Csv.FieldCount"),
                (7, "Kpi.Csv.FieldCount"),
                (8, "Kpi.Csv.BadDate"),
                (10, "Kpi.Csv.DuplicateDate"),
                (11, "Kpi.Error.MeasurementInFuture"),
                (12, "Kpi.Error.DateOutOfRange"),
                (13, "Kpi.Error.TooLarge"),
            ],
            parsed.Errors.Select(e => (e.Line, e.MessageKey)));
        Assert.Equal(["abc"], parsed.Errors.Single(e => e.Line == 5).Arguments);
        Assert.Equal([1], parsed.Errors.Single(e => e.Line == 6).Arguments);
        Assert.Equal(["2026-05-31", 9], parsed.Errors.Single(e => e.Line == 10).Arguments);
    }

    [Fact]
    public void Spreadsheet_columns_quotes_windows_line_ends_and_a_byte_order_mark_are_read()
    {
        var text = "\uFEFF\"Date\"\t\"Value\"\r\n2026-01-31\t24\r\n\"2026-02-28\",\"25.5\"\r\n";

        var parsed = KpiCsv.ParseMeasurements(text, Today);

        Assert.Empty(parsed.Errors);
        Assert.Equal([(new DateOnly(2026, 1, 31), 24.0), (new DateOnly(2026, 2, 28), 25.5)], parsed.Rows.Select(r => (r.Date, r.Value)));
    }

    [Fact]
    public void Only_the_first_line_can_be_a_header()
    {
        var parsed = KpiCsv.ParseMeasurements("2026-01-31,1\ndate,value", Today);

        Assert.Single(parsed.Rows);
        Assert.Equal((2, "Kpi.Csv.BadDate"), (parsed.Errors.Single().Line, parsed.Errors.Single().MessageKey));
    }

    [Fact]
    public void Tomorrow_is_allowed_for_readers_ahead_of_utc()
    {
        var parsed = KpiCsv.ParseMeasurements("2026-07-01,1\n2026-07-02,2", Today);

        Assert.Equal([new DateOnly(2026, 7, 1)], parsed.Rows.Select(r => r.Date));
        Assert.Equal("Kpi.Error.MeasurementInFuture", parsed.Errors.Single().MessageKey);
    }

    [Fact]
    public void Exported_measurements_read_back_to_the_same_values()
    {
        KpiPoint[] points = [new(new DateOnly(2026, 2, 28), 0.1 + 0.2), new(new DateOnly(2026, 1, 31), -1234567.891), new(new DateOnly(2026, 3, 31), 1e-7)];

        var csv = KpiCsv.FormatMeasurements(points);
        var parsed = KpiCsv.ParseMeasurements(csv, Today);

        Assert.StartsWith("date,value\r\n2026-01-31,", csv, StringComparison.Ordinal);
        Assert.Empty(parsed.Errors);
        Assert.Equal(points.OrderBy(p => p.Date), parsed.Rows.Select(r => new KpiPoint(r.Date, r.Value)));
    }

    [Fact]
    public void Kpi_export_quotes_text_and_defuses_spreadsheet_formulas()
    {
        var kpi = KpiTestData.View(name: "=HYPERLINK(\"x\")", unit: "mills, paying", specific: "line one\nline \"two\"");

        var csv = KpiCsv.FormatKpis([kpi]);
        var lines = csv.Split("\r\n");

        Assert.StartsWith("name,unit,direction,baseline,target,start_date,deadline,owner,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("\"'=HYPERLINK(\"\"x\"\")\",\"mills, paying\",Increase,20,60,2026-01-01,2026-05-01,\"Ada\",", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"line one\nline \"\"two\"\"\"", csv, StringComparison.Ordinal);
        Assert.Contains(",OnTrack,2026-02-01,30,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void All_measurements_export_names_each_kpi()
    {
        var csv = KpiCsv.FormatAllMeasurements([KpiTestData.View(name: "Mills")]);

        Assert.Equal("kpi,unit,date,value\r\n\"Mills\",\"mills\",2026-02-01,30\r\n", csv);
    }
}
