using System.Text;
using Portal.ModelLab.Data;

namespace Portal.ModelLab.Tests;

public sealed class CsvAndCatalogTests
{
    private static readonly IReadOnlyList<string> Classes = LabelledImageSet.FashionMnistClasses;

    [Fact]
    public void A_csv_with_a_header_reads_labels_and_pixels()
    {
        var csv = "label," + string.Join(',', Enumerable.Range(1, 784).Select(i => $"p{i}")) + "\n" + Line(3, 200) + "\n" + Line(9, 0) + "\n";

        var set = CsvImageReader.Read(Stream(csv), 1000, Classes);

        Assert.Equal([3, 9], set.Labels.Select(l => (int)l));
        Assert.Equal(200, set.Image(0)[783]);
        Assert.Equal((28, 28), (set.Rows, set.Columns));
    }

    [Theory]
    [InlineData("10", "Line 2: the label is \"10\"")]
    [InlineData("x", "Line 2: the label is \"x\"")]
    public void A_bad_label_names_its_line(string label, string message)
    {
        // After a first image, so that a non-number cannot pass for a header line.
        var csv = Line(0, 0) + "\n" + label + "," + string.Join(',', Enumerable.Repeat("0", 784));

        var error = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(csv), 1000, Classes));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_pixel_counts_values_and_sizes_are_refused()
    {
        var shortLine = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(Line(1, 0) + "\n1,2,3"), 1000, Classes));
        var badPixel = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(Line(1, 0).Replace(",0,0,", ",0,256,", StringComparison.Ordinal)), 1000, Classes));
        var tooMany = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(Line(1, 0) + "\n" + Line(2, 0) + "\n" + Line(3, 0)), 2, Classes));
        var empty = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(""), 100, Classes));

        Assert.Contains("Line 2 has 3 values", shortLine.Message, StringComparison.Ordinal);
        Assert.Contains("\"256\"", badPixel.Message, StringComparison.Ordinal);
        Assert.Contains("more than 2 images (at line 3)", tooMany.Message, StringComparison.Ordinal);
        Assert.True(DatasetLimits.IsExceeded(tooMany, out var limit, out var maximum));
        Assert.Equal((DatasetLimit.Images, 2L), (limit, maximum));
        Assert.Contains("no image", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_endless_line_of_commas_is_refused_while_it_is_read()
    {
        // The tester's 62 MB CSV of one line of commas, as a stream that never needs to exist in memory.
        var commas = new RepeatingStream((byte)',', 62_000_000);

        InvalidDataException? error = null;
        var allocated = IdxReaderTests.AllocatedBytes(() => error = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(commas, 70_000, Classes)));

        Assert.Contains("Line 1 is longer than 16,384 characters", error!.Message, StringComparison.Ordinal);
        Assert.True(DatasetLimits.IsExceeded(error, out var limit, out _) && limit == DatasetLimit.LineLength);
        Assert.True(commas.Position < 1_000_000, $"The reader went on to byte {commas.Position:N0}.");
        Assert.True(allocated < DatasetLimits.ParseMemoryBytes(0), $"Refusing the line allocated {allocated:N0} bytes.");
    }

    [Theory]
    [InlineData("   \n", "no image")]
    [InlineData(" \t \r\n\n  \n", "no image")]
    public void A_blank_first_line_is_skipped_and_an_otherwise_empty_file_is_refused(string blank, string message)
    {
        var onlyBlank = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(blank), 100, Classes));
        var set = CsvImageReader.Read(Stream(blank + Line(4, 9) + "\n"), 100, Classes);

        Assert.Contains(message, onlyBlank.Message, StringComparison.Ordinal);
        Assert.Equal([4], set.Labels.Select(l => (int)l));
    }

    [Fact]
    public void A_first_line_of_megabytes_of_spaces_is_refused_as_too_long()
    {
        var spaces = new RepeatingStream((byte)' ', 61_000_000);

        var error = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(spaces, 70_000, Classes));

        Assert.Contains("Line 1 is longer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_data_is_refused_as_not_text()
    {
        var garbage = new byte[100_000];
        new Random(3).NextBytes(garbage);

        var allocated = IdxReaderTests.AllocatedBytes(() =>
        {
            var error = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(new MemoryStream(garbage), 70_000, Classes));
            Assert.Contains("not text", error.Message, StringComparison.Ordinal);
        });

        Assert.True(allocated < DatasetLimits.ParseMemoryBytes(0), $"Refusing binary data allocated {allocated:N0} bytes.");
    }

    [Fact]
    public void A_truncated_last_line_names_its_line()
    {
        var csv = Line(1, 0) + "\n" + Line(2, 0)[..500];

        var error = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(csv), 100, Classes));

        Assert.StartsWith("Line 2 has", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_csv_takes_memory_in_proportion_to_its_images()
    {
        var csv = Stream(string.Join('\n', Enumerable.Range(0, 1000).Select(i => Line(i % 10, (byte)i))));

        LabelledImageSet? set = null;
        var allocated = IdxReaderTests.AllocatedBytes(() => set = CsvImageReader.Read(csv, 70_000, Classes));

        Assert.Equal(1000, set!.Count);
        // The images are 785 kB; gathered in chunks and copied once, plus the reader's fixed buffers.
        Assert.True(allocated < DatasetLimits.ParseMemoryBytes(1000), $"Reading 1,000 images allocated {allocated:N0} bytes.");
    }

    [Fact]
    public void The_catalog_uses_the_committed_subset_where_the_full_set_is_not_installed()
    {
        var catalog = TestData.SubsetCatalog();

        var test = catalog.Load(training: false);

        Assert.False(catalog.IsFullSet);
        Assert.EndsWith(DatasetCatalog.SubsetFolder, catalog.FashionMnistFolder.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal(1000, test.Count);
    }

    private static string Line(int label, byte pixel) => label + "," + string.Join(',', Enumerable.Repeat(pixel.ToString(System.Globalization.CultureInfo.InvariantCulture), 784));

    /// <summary>One byte repeated <paramref name="length"/> times, produced as it is read.</summary>
    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            buffer.AsSpan(offset, n).Fill(value);
            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
