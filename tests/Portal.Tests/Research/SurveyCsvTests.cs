using System.Text;
using Portal.Features.Research;
using Portal.Infrastructure;

namespace Portal.Tests.Research;

public sealed class SurveyCsvTests
{
    private static string[][] Rows(SurveyCsvResult result) => [.. result.Rows.Select(r => r.ToArray())];

    private static string Says(string key, params object[] arguments) => $"Csv:{key}({string.Join(",", arguments)})";

    private static string Says(FieldError? refusal) => refusal is null ? "none" : $"{refusal.Field}:{refusal.MessageKey}({string.Join(",", refusal.Arguments)})";

    private static (int Line, string Key)[] Bad(SurveyCsvResult result) => [.. result.BadRows.Select(b => (b.Line, b.MessageKey))];

    [Fact]
    public void A_header_and_rows_are_read_with_quoted_separators_doubled_quotes_and_line_breaks_in_answers()
    {
        var result = SurveyCsv.Read("Role,Would pay?,Comment\r\nClinic manager,Yes,\"Too slow, \"\"by far\"\"\"\r\n Nurse , No ,\"Line one\nline two\"\r\n");

        Assert.Null(result.Refusal);
        Assert.Equal(["Role", "Would pay?", "Comment"], result.Columns);
        Assert.Equal([["Clinic manager", "Yes", "Too slow, \"by far\""], ["Nurse", "No", "Line one\nline two"]], Rows(result));
        Assert.Empty(result.BadRows);
        Assert.Equal(',', result.Separator);
    }

    [Theory]
    [InlineData("Role;Pay;Note\nA;Yes;\"x, y\"\nB;No;z\n", ';')]
    [InlineData("Role\tPay\tNote\nA\tYes\tx, y\nB\tNo\tz\n", '\t')]
    [InlineData("Role,Pay,Note\nA,Yes,\"x, y\"\nB,No,z\n", ',')]
    // A comma inside a quoted header name does not count: the semicolons separate.
    [InlineData("Role;\"Pay, monthly\";Note\nA;Yes;x, y\nB;No;z\n", ';')]
    public void The_separator_is_the_one_the_header_uses_most(string text, char separator)
    {
        var result = SurveyCsv.Read(text);

        Assert.Equal(separator, result.Separator);
        Assert.Equal(3, result.Columns.Count);
        Assert.Equal(["A", "B"], result.Rows.Select(r => r[0]));
        Assert.Equal("x, y", result.Rows[0][2]);
    }

    [Fact]
    public void Rows_with_the_wrong_number_of_answers_are_reported_by_line_and_the_good_rows_are_kept()
    {
        var result = SurveyCsv.Read("Role,Pay\nA,Yes\nB\nC,No,extra\n\n   \n,,\nD,No\n");

        Assert.Equal([["A", "Yes"], ["D", "No"]], Rows(result));
        Assert.Equal([(3, "Survey.Csv.Columns"), (4, "Survey.Csv.Columns")], Bad(result));
        Assert.Equal([1, 2], result.BadRows[0].Arguments);
        Assert.Equal([3, 2], result.BadRows[1].Arguments);
        Assert.Equal(2, result.BadRowCount);
        Assert.Null(result.Refusal);
    }

    [Fact]
    public void An_answer_over_the_limit_is_a_bad_row_by_its_column_and_one_at_the_limit_is_kept()
    {
        var atLimit = new string('a', Survey.MaxAnswerLength);
        var result = SurveyCsv.Read($"Role,Note\nA,{atLimit}\nB,{atLimit}b\n");

        Assert.Equal([["A", atLimit]], Rows(result));
        var bad = Assert.Single(result.BadRows);
        Assert.Equal((3, "Survey.Csv.TooLong"), (bad.Line, bad.MessageKey));
        Assert.Equal([2, Survey.MaxAnswerLength], bad.Arguments);
    }

    [Fact]
    public void A_quote_left_open_reports_its_row_and_keeps_the_rows_before_it()
    {
        var result = SurveyCsv.Read("Role,Note\nA,fine\nB,\"never closed\nC,lost\nD,lost too\n");

        Assert.Equal([["A", "fine"]], Rows(result));
        Assert.Equal([(3, "Survey.Csv.Unclosed")], Bad(result));
    }

    [Fact]
    public void Line_numbers_count_the_line_breaks_inside_quoted_answers()
    {
        var result = SurveyCsv.Read("Role,Note\nA,\"one\ntwo\nthree\"\nB\nC,ok\n");

        Assert.Equal([(5, "Survey.Csv.Columns")], Bad(result));
        Assert.Equal(["A", "C"], result.Rows.Select(r => r[0]));
    }

    [Fact]
    public async Task Binary_bytes_in_a_row_make_it_a_bad_row_and_a_binary_file_is_refused()
    {
        var withNul = SurveyCsv.Read("Role,Note\nA,ok\nB,bad\0byte\nC,\u0007bell\n");
        Assert.Equal([["A", "ok"]], Rows(withNul));
        Assert.Equal([(3, "Survey.Csv.RowNotText"), (4, "Survey.Csv.RowNotText")], Bad(withNul));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xFE];
        var binary = await SurveyCsv.ReadAsync(new MemoryStream(png));
        Assert.Equal("Survey.Csv.NotText", binary.Refusal?.MessageKey);
        Assert.Empty(binary.Rows);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_row_of_an_uploaded_file_is_reported_and_the_rest_kept()
    {
        var bytes = Encoding.UTF8.GetBytes("Role,Pay\nA,Yes\n").Concat(new byte[] { (byte)'B', (byte)',', 0xC3, 0x28, (byte)'\n' }).Concat(Encoding.UTF8.GetBytes("C,No\n")).ToArray();

        var result = await SurveyCsv.ReadAsync(new MemoryStream(bytes));

        Assert.Equal([["A", "Yes"], ["C", "No"]], Rows(result));
        Assert.Equal([(3, "Survey.Csv.RowNotText")], Bad(result));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Utf8_with_or_without_a_byte_order_mark_reads_the_same_first_column_name(bool bom)
    {
        var text = "角色,愿意付费\n诊所经理,是\n护士,否\n";
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var uploaded = await SurveyCsv.ReadAsync(new MemoryStream(bytes));
        var pasted = SurveyCsv.Read((bom ? "\uFEFF" : "") + text);

        Assert.All([uploaded, pasted], result =>
        {
            Assert.Equal(["角色", "愿意付费"], result.Columns);
            Assert.Equal([["诊所经理", "是"], ["护士", "否"]], Rows(result));
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \r\n")]
    [InlineData("\uFEFF")]
    [InlineData(",,,\n , ,\n")]
    public void Blank_input_is_refused_as_empty(string text)
    {
        var result = SurveyCsv.Read(text);

        Assert.Equal(Says("Survey.Csv.Empty"), Says(result.Refusal));
        Assert.Empty(result.Columns);
    }

    [Fact]
    public void A_header_with_no_respondent_or_only_bad_rows_is_refused_with_the_report_kept()
    {
        Assert.Equal("Survey.Csv.NoRows", SurveyCsv.Read("Role,Pay\n").Refusal?.MessageKey);

        var onlyBad = SurveyCsv.Read("Role,Pay\nA\nB,1,2\n");
        Assert.Equal("Survey.Csv.NoRows", onlyBad.Refusal?.MessageKey);
        Assert.Equal([(2, "Survey.Csv.Columns"), (3, "Survey.Csv.Columns")], Bad(onlyBad));
        Assert.Empty(onlyBad.Columns);
    }

    [Fact]
    public void Header_problems_refuse_the_file_with_the_column_they_are_in()
    {
        var tooMany = string.Join(',', Enumerable.Range(1, Survey.MaxColumns + 1).Select(i => $"Q{i}"));
        var atMost = string.Join(',', Enumerable.Range(1, Survey.MaxColumns).Select(i => $"Q{i}"));

        Assert.Equal(Says("Survey.Csv.TooManyColumns", Survey.MaxColumns + 1, Survey.MaxColumns), Says(SurveyCsv.Read(tooMany + "\n" + tooMany).Refusal));
        Assert.Null(SurveyCsv.Read(atMost + "\n" + atMost).Refusal);
        Assert.Equal(Says("Survey.Csv.HeaderBlank", 2), Says(SurveyCsv.Read("Role, ,Pay\na,b,c").Refusal));
        Assert.Equal(Says("Survey.Csv.HeaderTooLong", 1, Survey.MaxAnswerLength), Says(SurveyCsv.Read(new string('q', Survey.MaxAnswerLength + 1) + "\na").Refusal));
        Assert.Equal(Says("Survey.Csv.HeaderUnclosed", 2), Says(SurveyCsv.Read("\n\"Role,Pay\nA,Yes\n").Refusal));
    }

    [Fact]
    public void More_respondents_than_the_limit_are_refused_and_the_limit_itself_is_taken()
    {
        var atLimit = "Pay\n" + string.Concat(Enumerable.Repeat("Yes\n", Survey.MaxRespondents));

        Assert.Equal(Survey.MaxRespondents, SurveyCsv.Read(atLimit).Rows.Count);
        var refused = SurveyCsv.Read(atLimit + "No\n");
        Assert.Equal(Says("Survey.Csv.TooManyRespondents", Survey.MaxRespondents, Survey.MaxRespondents + 2), Says(refused.Refusal));
        Assert.Empty(refused.Rows);
    }

    [Fact]
    public async Task A_file_over_the_byte_limit_is_refused_and_not_read_past_one_byte_more()
    {
        var limit = "Note\n" + new string('a', SurveyCsv.MaxBytes - 5);
        Assert.Equal(SurveyCsv.MaxBytes, Encoding.UTF8.GetByteCount(limit));

        Assert.NotEqual("Survey.Csv.TooLarge", SurveyCsv.Read(limit).Refusal?.MessageKey);
        Assert.Equal(Says("Survey.Csv.TooLarge", SurveyCsv.MaxBytes / 1024), Says(SurveyCsv.Read(limit + "a").Refusal));
        // Chinese takes three bytes a character: the limit is in bytes, not characters.
        Assert.Equal("Survey.Csv.TooLarge", SurveyCsv.Read(new string('问', (SurveyCsv.MaxBytes / 3) + 1)).Refusal?.MessageKey);

        var endless = new EndlessStream();
        var uploaded = await SurveyCsv.ReadAsync(endless);
        Assert.Equal("Survey.Csv.TooLarge", uploaded.Refusal?.MessageKey);
        Assert.Equal(SurveyCsv.MaxBytes + 1, endless.Taken);
    }

    [Fact]
    public void Bad_rows_past_the_reported_number_are_counted_but_not_listed()
    {
        var text = "Role,Pay\nA,Yes\n" + string.Concat(Enumerable.Repeat("lonely\n", SurveyCsv.MaxReportedBadRows + 7));

        var result = SurveyCsv.Read(text);

        Assert.Equal(SurveyCsv.MaxReportedBadRows, result.BadRows.Count);
        Assert.Equal(SurveyCsv.MaxReportedBadRows + 7, result.BadRowCount);
        Assert.Equal(3, result.BadRows[0].Line);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void The_shared_reader_reads_the_same_rows_from_a_reader_with_another_separator_and_flags_an_open_quote()
    {
        var records = Csv.Read(new StringReader("a;\"b;c\"\r\n\r\nd;\"e"), ';').ToList();

        Assert.Equal([(1, false), (3, true)], records.Select(r => (r.Line, r.Unclosed)));
        Assert.Equal(["a", "b;c"], records[0].Cells);
        Assert.Equal(["d", "e"], records[1].Cells);
        // The comma reader of the exports is unchanged: an open quote's row is read, not flagged.
        Assert.Equal([(1, 2), (3, 2)], Csv.Parse("a,b\r\n\r\nd,\"e").Select(r => (r.Line, r.Cells.Count)));
    }

    /// <summary>A file that never ends, as a hostile upload might be; counts what was taken from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Taken { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Taken; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var taken = Math.Min(count, 4096);
            buffer.AsSpan(offset, taken).Fill((byte)'a');
            Taken += taken;
            return taken;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
