using System.Text;
using CsCheck;
using Portal.Features.Research;
using Portal.Infrastructure;

namespace Portal.Tests.Security;

/// <summary>
/// The survey reader given arbitrary text or bytes, as <see cref="ParserPropertyTests"/> does for the other parsers: it
/// always answers with its result (rows, bad rows by line, or a refusal), never with an exception.
/// </summary>
public sealed class SurveyCsvPropertyTests
{
    /// <summary>CSV's syntax in its three separators, a byte order mark, a NUL, a replacement character and some words.</summary>
    private const string Syntax = ",;\t\"\r\n \uFEFF\0\uFFFD\u0007aAz是否0123456789";

    private static readonly Gen<string> SyntaxText =
        Gen.Int[0, Syntax.Length - 1].Select(i => Syntax[i]).Array[0, 300].Select(chars => new string(chars));

    private static readonly Gen<string> AnyText = Gen.Frequency((4, SyntaxText), (1, Gen.String));

    [Fact]
    public void Any_text_is_read_into_whole_rows_or_bad_rows_by_line_or_refused_and_never_throws() =>
        AnyText.Sample(text =>
        {
            var result = SurveyCsv.Read(text);
            Check(result, text.Count(c => c == '\n') + text.Count(c => c == '\r') + 1);
        }, iter: 3000);

    [Fact]
    public void Any_bytes_uploaded_are_read_or_refused_and_never_throw() =>
        Gen.Frequency((3, AnyText.Select(Encoding.UTF8.GetBytes)), (1, Gen.Byte.Array[0, 2000])).Sample(bytes =>
        {
            var result = SurveyCsv.ReadAsync(new MemoryStream(bytes)).GetAwaiter().GetResult();
            Check(result, bytes.Count(b => b is (byte)'\n' or (byte)'\r') + 1);
        }, iter: 2000);

    [Fact]
    public void Rows_written_by_the_portal_s_csv_writer_with_any_separator_are_read_back_as_written() =>
        Gen.Select(Gen.Int[0, 2], Gen.String[1, 20].Array[1, 5].Array[2, 6]).Sample(t =>
        {
            var separator = ",;\t"[t.Item1];
            // The header repeats no separator of another kind, so detection has one answer; cells are what Csv.Text writes.
            var width = t.Item2[0].Length;
            // Each row starts with "r", so no row is blank (blank rows are skipped).
            var rows = t.Item2.Select(r => Enumerable.Range(0, width).Select(i => (i == 0 ? "r" : "") + Clean(i < r.Length ? r[i] : "x", separator)).ToArray()).ToList();
            rows[0] = [.. Enumerable.Range(1, width).Select(i => $"Q{i}")];
            var text = new StringBuilder();
            foreach (var row in rows)
            {
                text.AppendJoin(separator, row.Select(Csv.Text)).Append("\r\n");
            }

            var result = SurveyCsv.Read(text.ToString());

            Assert.Null(result.Refusal);
            // One column has no separator to find: it is read as comma separated, which its quoted cells allow.
            Assert.Equal(width == 1 ? ',' : separator, result.Separator);
            Assert.Equal(rows[0], result.Columns);
            Assert.Equal(rows.Skip(1).Select(r => r.Select(c => Written(c).Trim()).ToArray()).ToArray(), result.Rows.Select(r => r.ToArray()).ToArray());
        }, iter: 500);

    private static void Check(SurveyCsvResult result, int lines)
    {
        Assert.True(result.BadRowCount >= result.BadRows.Count);
        Assert.True(result.BadRows.Count <= SurveyCsv.MaxReportedBadRows);
        Assert.All(result.BadRows, bad => Assert.InRange(bad.Line, 2, lines));
        Assert.True(result.Rows.Count <= Survey.MaxRespondents);
        if (result.Refusal is not null)
        {
            Assert.Empty(result.Rows);
            Assert.Empty(result.Columns);
            return;
        }

        Assert.InRange(result.Columns.Count, 1, Survey.MaxColumns);
        Assert.NotEmpty(result.Rows);
        Assert.All(result.Rows, row =>
        {
            Assert.Equal(result.Columns.Count, row.Count);
            Assert.All(row, answer => Assert.True(answer.Length <= Survey.MaxAnswerLength && answer.IndexOfAny(['\0', '\uFFFD']) < 0));
        });
        // Whatever was read, the analysis of it stands.
        Assert.Equal(result.Columns.Count, SurveyAnalysis.Of(result.Columns, result.Rows).Count);
    }

    /// <summary>A cell without control characters or the other separators (which would make detection a matter of taste).</summary>
    private static string Clean(string cell, char separator) =>
        new([.. cell.Where(c => !char.IsControl(c) && c != '\uFFFD' && (c == separator || c is not (',' or ';')) && !char.IsSurrogate(c))]);

    /// <summary>What <see cref="Csv.Text"/> makes of a cell that starts like a formula: a leading apostrophe.</summary>
    private static string Written(string cell) => cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell;
}
