using System.Globalization;
using System.Text;
using Portal.Features.Market;
using Portal.Infrastructure;

namespace Portal.Tests.Market;

public sealed class RetentionCsvTests
{
    private static (int Line, string Key)[] Bad(RetentionCsvResult result) => [.. result.BadRows.Select(b => (b.Line, b.MessageKey))];

    private static string[] Cohorts(RetentionCsvResult result) => [.. result.Cohorts.Select(c => $"{c.Cohort}:{c.Size}:{string.Join('/', c.Active)}")];

    private static string Says(FieldError? refusal) => refusal is null ? "none" : $"{refusal.Field}:{refusal.MessageKey}({string.Join(",", refusal.Arguments)})";

    [Fact]
    public void A_wide_table_with_malformed_rows_keeps_the_good_cohorts_sorted_and_reports_each_bad_row_by_line_with_its_reason()
    {
        var result = RetentionCsv.Read(
            "cohort,size,m0,m1,m2\n" +
            "2026-06,70,70,35\n" +          // 2: good, a younger cohort stops early
            "2026-02,abc,80,50\n" +         // 3: size not a number
            "2026-03,80,80,-5\n" +          // 4: negative
            "2026-04,50,50,60\n" +          // 5: more active than the cohort
            "2026-01,100,100,60,45\n" +     // 6: good
            "2026-06,90,90,40\n" +          // 7: the cohort of line 2 again
            "2026-05,40,40,20,10,5\n" +     // 8: one column more than the header
            "2026/7,30,30,,\n" +            // 9: good, empty cells at the end are months not reached yet
            "2026-08,30,30,,10\n" +         // 10: a month left blank before a later one
            "2026-09,12.5,10\n" +           // 11: not whole
            ",20,20\n" +                    // 12: no cohort
            "2026-10,0,0\n" +               // 13: nobody signed up
            "2026-11,20\n");                // 14: no month at all

        Assert.Null(result.Refusal);
        Assert.Equal(RetentionShape.PerCohort, result.Shape);
        Assert.Equal(["2026-01:100:100/60/45", "2026-06:70:70/35", "2026-07:30:30"], Cohorts(result));
        Assert.Equal(
            [
                (3, "Retention.Csv.NotNumber"), (4, "Retention.Csv.Negative"), (5, "Retention.Csv.AboveSize"), (7, "Retention.Csv.Duplicate"),
                (8, "Retention.Csv.TooManyColumns"), (10, "Retention.Csv.Blank"), (11, "Retention.Csv.NotNumber"), (12, "Retention.Csv.NoCohort"),
                (13, "Retention.Csv.ZeroSize"), (14, "Retention.Csv.NoMonths"),
            ],
            Bad(result));
        Assert.Equal(10, result.BadRowCount);
        Assert.Equal(["size", "abc"], result.BadRows[0].Arguments);
        Assert.Equal(["m1", "-5"], result.BadRows[1].Arguments);
        Assert.Equal(["m1", 60, 50], result.BadRows[2].Arguments);
        Assert.Equal(["2026-06", 2], result.BadRows[3].Arguments);
        Assert.Equal([6, 5], result.BadRows[4].Arguments);
        Assert.Equal(["m1"], result.BadRows[5].Arguments);
    }

    [Fact]
    public void A_long_table_in_any_order_makes_each_cohort_from_its_month_0_and_reports_gaps_duplicates_and_counts_above_the_size()
    {
        var result = RetentionCsv.Read(
            "cohort,month,active\n" +
            "2026-01,1,60\n" +      // 2
            "2026-01,0,100\n" +     // 3
            "2026-02,0,80\n" +      // 4
            "2026-01,2,45\n" +      // 5
            "2026-01,2,44\n" +      // 6: month 2 of 2026-01 again
            "2026-02,1,90\n" +      // 7: above the 80 who signed up
            "2026-02,2,30\n" +      // 8: month 1 was left out, so 2 cannot follow
            "2026-03,1,10\n" +      // 9: no month 0 for 2026-03
            "2026-04,0,x\n" +       // 10: not a number
            "2026-04,0,20,extra\n" + // 11: four cells
            "2026-05,0\n");         // 12: two cells

        Assert.Null(result.Refusal);
        Assert.Equal(RetentionShape.PerMonth, result.Shape);
        Assert.Equal(["2026-01:100:100/60/45", "2026-02:80:80"], Cohorts(result));
        Assert.Equal(
            [
                (6, "Retention.Csv.DuplicateMonth"), (7, "Retention.Csv.AboveSize"), (8, "Retention.Csv.Gap"), (9, "Retention.Csv.NoMonthZero"),
                (10, "Retention.Csv.NotNumber"), (11, "Retention.Csv.TooManyColumns"), (12, "Retention.Csv.LongMissing"),
            ],
            Bad(result));
        Assert.Equal(["2026-01", 2, 5], result.BadRows[0].Arguments);
        Assert.Equal(["1", 90, 80], result.BadRows[1].Arguments);
        Assert.Equal(["2026-02", 2, 1], result.BadRows[2].Arguments);
    }

    [Theory]
    [InlineData("cohort;size;m0;m1\n2026-01;10;10;5\n")]
    [InlineData("cohort\tsize\tm0\tm1\n2026-01\t10\t10\t5\n")]
    [InlineData("\uFEFFcohort,size,m0,m1\r\n\"2026-01\",10,10,5\r\n")]
    [InlineData("\n\n队列,人数,第0月,第1月\n2026年1月,10,10,5\n")]
    public void Commas_semicolons_tabs_a_byte_order_mark_and_chinese_headers_read_alike(string text)
    {
        var result = RetentionCsv.Read(text);

        Assert.Equal(["2026-01:10:10/5"], Cohorts(result));
        Assert.Empty(result.BadRows);
    }

    [Fact]
    public async Task An_upload_with_a_byte_order_mark_and_a_chinese_long_header_is_read_like_a_paste()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("队列,月份,活跃\r\n2026-01,0,10\r\n2026-01,1,4\r\n")).ToArray();

        var result = await RetentionCsv.ReadAsync(new MemoryStream(bytes));

        Assert.Equal(RetentionShape.PerMonth, result.Shape);
        Assert.Equal(["2026-01:10:10/4"], Cohorts(result));
    }

    [Theory]
    [InlineData("2026-01", "2026-01")]
    [InlineData(" 2026-1 ", "2026-01")]
    [InlineData("2026/01", "2026-01")]
    [InlineData("2026.9", "2026-09")]
    [InlineData("2026年3月", "2026-03")]
    [InlineData("2026-13", "2026-13")]
    [InlineData("Spring launch", "Spring launch")]
    public void Year_and_month_written_another_way_become_a_label_that_sorts_by_date(string cell, string label) =>
        Assert.Equal(label, RetentionCsv.Label(cell));

    [Fact]
    public void A_quote_left_open_and_bytes_that_are_not_text_are_reported_and_the_rows_before_are_kept()
    {
        var result = RetentionCsv.Read("cohort,size,m0\n2026-01,10,10\n2026-02,\u0001,5\n\"2026-03,10,10\n2026-04,10,10\n");

        Assert.Equal(["2026-01:10:10"], Cohorts(result));
        Assert.Equal([(3, "Retention.Csv.RowNotText"), (4, "Retention.Csv.Unclosed")], Bad(result));
    }

    [Fact]
    public void A_file_of_bad_rows_only_is_refused_with_its_report_and_an_empty_one_says_what_the_first_row_should_be()
    {
        var noRows = RetentionCsv.Read("cohort,size,m0\n2026-01,-1,0\n2026-02,5,9\n");
        var empty = RetentionCsv.Read(" \n\n");
        var narrow = RetentionCsv.Read("cohort,size\n2026-01,10\n");

        Assert.Equal("Csv:Retention.Csv.NoRows()", Says(noRows.Refusal));
        Assert.Equal([(2, "Retention.Csv.Negative"), (3, "Retention.Csv.AboveSize")], Bad(noRows));
        Assert.Empty(noRows.Cohorts);
        Assert.Equal("Csv:Retention.Csv.Empty()", Says(empty.Refusal));
        Assert.Equal("Csv:Retention.Csv.Header(2)", Says(narrow.Refusal));
    }

    [Fact]
    public void Sixty_cohorts_and_sixty_months_are_taken_and_one_more_of_either_refuses_the_file_stating_the_limit()
    {
        static string Wide(int cohorts, int months)
        {
            var csv = new StringBuilder("cohort,size");
            csv.Append(string.Concat(Enumerable.Range(0, months).Select(m => $",m{m}"))).Append('\n');
            for (var c = 0; c < cohorts; c++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{2000 + (c / 12)}-{(c % 12) + 1:00},100").Append(string.Concat(Enumerable.Repeat(",50", months))).Append('\n');
            }

            return csv.ToString();
        }

        var atLimit = RetentionCsv.Read(Wide(RetentionCohortSet.MaxCohorts, RetentionCohortSet.MaxMonths));
        var tooManyCohorts = RetentionCsv.Read(Wide(RetentionCohortSet.MaxCohorts + 1, 2));
        var tooManyMonths = RetentionCsv.Read(Wide(2, RetentionCohortSet.MaxMonths + 1));
        var monthTooLate = RetentionCsv.Read("cohort,month,active\n2026-01,0,10\n2026-01,60,1\n");

        Assert.Null(atLimit.Refusal);
        Assert.Equal(RetentionCohortSet.MaxCohorts, atLimit.Cohorts.Count);
        Assert.All(atLimit.Cohorts, c => Assert.Equal(RetentionCohortSet.MaxMonths, c.Active.Count));
        Assert.Equal("Csv:Retention.Csv.TooManyCohorts(60,62)", Says(tooManyCohorts.Refusal));
        Assert.Empty(tooManyCohorts.Cohorts);
        Assert.Equal("Csv:Retention.Csv.TooManyMonths(61,60)", Says(tooManyMonths.Refusal));
        Assert.Equal("Csv:Retention.Csv.MonthTooLate(60,3,59)", Says(monthTooLate.Refusal));
    }

    [Fact]
    public async Task A_file_over_one_mebibyte_is_refused_before_its_rows_are_read()
    {
        var pasted = RetentionCsv.Read("cohort,size,m0\n" + new string('1', RetentionCsv.MaxBytes));
        var uploaded = await RetentionCsv.ReadAsync(new MemoryStream(new byte[RetentionCsv.MaxBytes + 1]));

        Assert.Equal("Csv:Retention.Csv.TooLarge(1024)", Says(pasted.Refusal));
        Assert.Equal("Csv:Retention.Csv.TooLarge(1024)", Says(uploaded.Refusal));
    }

    [Fact]
    public void Only_the_first_hundred_bad_rows_are_listed_and_all_are_counted()
    {
        var csv = "cohort,size,m0\n2026-01,10,10\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"x{i},a,1\n"));

        var result = RetentionCsv.Read(csv);

        Assert.Equal(RetentionCsv.MaxReportedBadRows, result.BadRows.Count);
        Assert.Equal(150, result.BadRowCount);
        Assert.Equal(3, result.BadRows[0].Line);
    }
}
