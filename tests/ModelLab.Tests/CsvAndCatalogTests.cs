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

        var set = CsvImageReader.Read(Stream(csv), 1_000_000, Classes);

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

        var error = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(csv), 1_000_000, Classes));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_pixel_counts_values_and_sizes_are_refused()
    {
        var shortLine = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(Line(1, 0) + "\n1,2,3"), 1_000_000, Classes));
        var badPixel = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(Line(1, 0).Replace(",0,0,", ",0,256,", StringComparison.Ordinal)), 1_000_000, Classes));
        var tooBig = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(Line(1, 0)), 100, Classes));
        var empty = Assert.Throws<InvalidDataException>(() => CsvImageReader.Read(Stream(""), 100, Classes));

        Assert.Contains("Line 2 has 3 values", shortLine.Message, StringComparison.Ordinal);
        Assert.Contains("\"256\"", badPixel.Message, StringComparison.Ordinal);
        Assert.Contains("more than the limit", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("no image", empty.Message, StringComparison.Ordinal);
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

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
