using System.Globalization;
using System.Text;

namespace Portal.ModelLab.Data;

/// <summary>
/// Reads images as CSV: one image a line, the label first and then 784 pixel values 0-255 (28x28, row by
/// row), with an optional header line; blank lines are skipped. Every problem names its line. Memory is bounded
/// whatever the file holds: lines longer than <see cref="MaxLineLength"/> are refused while they are read, and the
/// images at <c>maxImages</c>, so a read takes at most <see cref="DatasetLimits.ParseMemoryBytes"/> of <c>maxImages</c>.
/// </summary>
public static class CsvImageReader
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;

    /// <summary>
    /// The longest line taken, in characters: room for a header naming all 785 columns ("pixel784,") or values
    /// padded with spaces, yet a file of one endless line is refused after a few kilobytes.
    /// </summary>
    public const int MaxLineLength = 16 * 1024;

    /// <param name="maxImages">The most images taken; one more is refused (see <see cref="DatasetLimits"/>).</param>
    /// <exception cref="InvalidDataException">The line and what is wrong with it, or a limit the file passes.</exception>
    public static LabelledImageSet Read(Stream stream, int maxImages, IReadOnlyList<string> classNames)
    {
        var pixels = new ChunkedBytes();
        var labels = new ChunkedBytes();
        Span<byte> image = stackalloc byte[PixelCount];
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lines = new BoundedLineReader(reader, MaxLineLength);
        var seenContent = false;
        while (lines.TryRead(out var line))
        {
            var lineNumber = lines.LineNumber;
            var text = line.Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            if (text.ContainsAny('\0', '\uFFFD'))
            {
                throw new InvalidDataException($"Line {lineNumber} holds bytes that are not text; a CSV file of images is plain text.");
            }

            // The first line with content may be a header naming the columns.
            var isHeader = !seenContent && !char.IsAsciiDigit(text[0]);
            seenContent = true;
            if (isHeader)
            {
                continue;
            }

            var values = text.Count(',') + 1;
            if (values != PixelCount + 1)
            {
                throw new InvalidDataException($"Line {lineNumber} has {values} values; a label and {PixelCount} pixels ({PixelCount + 1}) are expected.");
            }

            if (labels.Length == maxImages)
            {
                throw DatasetLimits.Exceeded(DatasetLimit.Images, maxImages, $"The CSV file holds more than {maxImages:N0} images (at line {lineNumber}).");
            }

            var cells = text.Split(',');
            cells.MoveNext();
            var label = Value(text[cells.Current], lineNumber, column: 0, classNames.Count - 1);
            for (var i = 0; i < PixelCount; i++)
            {
                cells.MoveNext();
                image[i] = Value(text[cells.Current], lineNumber, column: i + 1, 255);
            }

            labels.Add([label]);
            pixels.Add(image);
        }

        return labels.Length == 0
            ? throw new InvalidDataException("The CSV file holds no image.")
            : new LabelledImageSet(pixels.ToArray(), labels.ToArray(), Side, Side, classNames);
    }

    /// <summary>The value of one cell; <paramref name="column"/> 0 is the label, 1-784 the pixels (named only in an error, so a good line allocates nothing).</summary>
    private static byte Value(ReadOnlySpan<char> cell, int line, int column, int max)
    {
        var trimmed = cell.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max)
        {
            return (byte)value;
        }

        var what = column == 0 ? "the label" : $"pixel {column}";
        throw new InvalidDataException($"Line {line}: {what} is \"{trimmed}\", not a whole number from 0 to {max}.");
    }
}
