using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CsCheck;
using Portal.Features.Canvas;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Risks;
using Portal.Infrastructure;
using Portal.ModelLab.Data;

namespace Portal.Tests.Security;

/// <summary>
/// Every parser and validator, given arbitrary input: it answers with its validation error or a result, never with
/// anything else. CsCheck shrinks a failure to its smallest input and prints the seed that repeats it.
/// </summary>
public sealed class ParserPropertyTests
{
    /// <summary>Characters that mean something to CSV, JSON, Markdown and URLs, and some that mean something to nobody.</summary>
    private const string Syntax = ",;\"'\r\n\t {}[]()<>:/\\.-+=_#*|`~!@%&?0123456789aAzZ日期\uFEFF\u0000\u202E";

    private static readonly Gen<string> SyntaxText =
        Gen.Int[0, Syntax.Length - 1].Select(i => Syntax[i]).Array[0, 400].Select(chars => new string(chars));

    /// <summary>Text made mostly of syntax, sometimes of anything Unicode holds.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency((4, SyntaxText), (1, Gen.String));

    [Fact]
    // Rows of two cells or more: a lone empty cell is written as a blank line, which readers skip.
    public void Csv_parsing_never_throws_and_reads_back_every_cell_it_wrote() =>
        Gen.String.Array[2, 6].Array[1, 5].Sample(rows =>
        {
            var csv = new StringBuilder();
            foreach (var row in rows)
            {
                Csv.Row(csv, row.Select(Csv.Text));
            }

            var parsed = Csv.Parse(csv.ToString()).Select(r => r.Cells).ToList();
            var expected = rows.Select(row => row.Select(cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell)).ToList();
            Assert.Equal(expected.Count, parsed.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], parsed[i]);
            }
        }, iter: 500);

    [Fact]
    public void Csv_parsing_of_any_text_never_throws() =>
        AnyText.Sample(text => Assert.All(Csv.Parse(text), row => Assert.True(row.Line >= 1)), iter: 2000);

    [Fact]
    public void Kpi_measurements_pasted_as_any_text_are_read_or_reported_by_line()
    {
        var today = new DateOnly(2026, 12, 7);
        AnyText.Sample(text =>
        {
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r').Length;
            var parsed = KpiCsv.ParseMeasurements(text, today);
            Assert.All(parsed.Rows, row => Assert.InRange(row.Line, 1, lines));
            Assert.All(parsed.Errors, error => Assert.InRange(error.Line, 1, lines));
            Assert.Equal(parsed.Rows.Count, parsed.Rows.Select(r => r.Date).Distinct().Count());
        }, iter: 2000);
    }

    [Fact]
    public void A_risk_csv_of_any_text_is_read_or_reported_by_line() =>
        AnyText.Sample(text =>
        {
            var (rows, errors) = RiskCsv.Read(text, new Dictionary<string, string>());
            Assert.All(errors, error => Assert.True(error.Line >= 1));
            Assert.True(rows.Count + errors.Count <= Csv.Parse(text).Count());
        }, iter: 2000);

    [Fact]
    public void A_canvas_file_of_any_text_is_read_or_refused_with_a_validation_error() =>
        Gen.Frequency((3, AnyText), (2, JsonLike)).Sample(text => OnlyValidationErrors(() => CanvasDocument.Parse(text)), iter: 2000);

    [Fact]
    public void An_idx_pair_of_any_bytes_is_read_or_refused_as_invalid_data() =>
        Gen.Select(IdxFile(IdxReader.ImagesMagic, 3), IdxFile(IdxReader.LabelsMagic, 1), Gen.Bool, Gen.Bool).Sample(t =>
        {
            var (images, labels) = (t.Item3 ? Gzip(t.Item1) : t.Item1, t.Item4 ? Gzip(t.Item2) : t.Item2);
            try
            {
                var set = IdxReader.Read(new MemoryStream(images), new MemoryStream(labels), 1000, LabDatasets.DigitClasses);
                Assert.InRange(set.Count, 1, 1000);
            }
            catch (InvalidDataException)
            {
                // Refused with its reason: what the lab shows.
            }
        }, iter: 1000);

    [Fact]
    public void An_image_csv_of_any_text_or_bytes_is_read_or_refused_as_invalid_data() =>
        Gen.Frequency((3, AnyText.Select(Encoding.UTF8.GetBytes)), (1, Gen.Byte.Array[0, 4000])).Sample(bytes =>
        {
            try
            {
                CsvImageReader.Read(new MemoryStream(bytes), 1000, LabDatasets.DigitClasses);
            }
            catch (InvalidDataException)
            {
                // Refused with its line and reason.
            }
        }, iter: 2000);

    [Fact]
    public void A_return_url_taken_as_local_stays_on_the_site_however_a_browser_reads_it()
    {
        var site = new Uri("https://portal.example/");
        Gen.Frequency((4, SyntaxText.Select(t => "/" + t)), (2, SyntaxText), (1, Gen.String)).Sample(url =>
        {
            if (!LocalUrl.IsLocal(url))
            {
                return;
            }

            // Browsers read a backslash as a slash and drop tabs and line breaks from addresses.
            var asBrowsersRead = new string([.. url.Replace('\\', '/').Where(c => c is not ('\t' or '\r' or '\n'))]);
            Assert.True(Uri.TryCreate(site, asBrowsersRead, out var resolved), url);
            Assert.Equal(site.Host, resolved.Host);
        }, iter: 5000);
    }

    [Fact]
    public void User_markdown_with_any_mix_of_script_payloads_renders_nothing_live() =>
        Gen.Int[0, SecurityWorld.XssPayloads.Count - 1].Select(i => SecurityWorld.XssPayloads[i])
            .Array[1, 5].Select(SyntaxText, (payloads, glue) => string.Join(glue, payloads))
            .Sample(markdown => Assert.Empty(RouteSweepTests.LiveScript(UserMarkdown.ToHtml(markdown))), iter: 500);

    [Fact]
    public void Text_checks_of_any_input_collect_validation_errors_only() =>
        Gen.Select(Gen.String.Null(), Gen.Int[0, 50], Gen.Bool).Sample(t =>
        {
            var checks = new InputChecks();
            var text = checks.Text("Field", t.Item1, t.Item2, t.Item3);
            Assert.True(text.Length <= (t.Item1 ?? "").Length);
            OnlyValidationErrors(checks.ThrowIfAny);
        }, iter: 2000);

    /// <summary>JSON-shaped text: a canvas document's names with random values and nesting.</summary>
    private static readonly Gen<string> JsonLike =
        Gen.Int[0, 8].Select(i => new[] { "{", "}", "[", "]", "\"format\":", "\"notes\":", "\"block\":", "\"text\":", "," }[i])
            .Array[0, 60].Select(AnyText, (parts, noise) => string.Concat(parts) + noise);

    /// <summary>An IDX file: the right magic number, random sizes, then random bytes; sometimes the wrong magic or a short header.</summary>
    private static Gen<byte[]> IdxFile(uint magic, int dimensions) =>
        Gen.Select(Gen.Frequency((8, Gen.Const(magic)), (1, Gen.UInt)), Gen.UInt[0, 3000].Array[dimensions], Gen.Byte.Array[0, 6000], Gen.Int[0, 12])
            .Select(t =>
            {
                var header = new byte[4 + 4 * dimensions];
                BinaryPrimitives.WriteUInt32BigEndian(header, t.Item1);
                for (var d = 0; d < dimensions; d++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * d), t.Item2[d]);
                }

                var file = header.Concat(t.Item3).ToArray();
                return t.Item4 == 0 ? file[..Math.Min(file.Length, 6)] : file;
            });

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static void OnlyValidationErrors(Action action)
    {
        try
        {
            action();
        }
        catch (InputRejectedException rejected)
        {
            Assert.NotEmpty(rejected.Errors);
        }
    }
}
