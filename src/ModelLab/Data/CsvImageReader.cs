using System.Globalization;
using System.Text;

namespace Portal.ModelLab.Data;

/// <summary>
/// Reads images as CSV: one image a line, the label first and then 784 pixel values 0-255 (28x28, row by
/// row), with an optional header line. Every problem names its line.
/// </summary>
public static class CsvImageReader
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;

    /// <exception cref="InvalidDataException">The line and what is wrong with it, or a file over the limit.</exception>
    public static LabelledImageSet Read(Stream stream, long maxBytes, IReadOnlyList<string> classNames)
    {
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw new InvalidDataException($"The CSV file has {stream.Length:N0} bytes, more than the limit of {maxBytes:N0}.");
        }

        var pixels = new List<byte>();
        var labels = new List<byte>();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        long read = 0;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            read += line.Length + 1;
            if (read > maxBytes)
            {
                throw new InvalidDataException($"The CSV file is longer than the limit of {maxBytes:N0} bytes (at line {lineNumber}).");
            }

            if (line.Length == 0 || (lineNumber == 1 && !char.IsAsciiDigit(line.TrimStart()[0])))
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != PixelCount + 1)
            {
                throw new InvalidDataException($"Line {lineNumber} has {cells.Length} values; a label and {PixelCount} pixels ({PixelCount + 1}) are expected.");
            }

            labels.Add(Value(cells[0], lineNumber, "the label", classNames.Count - 1));
            for (var i = 1; i < cells.Length; i++)
            {
                pixels.Add(Value(cells[i], lineNumber, $"pixel {i}", 255));
            }
        }

        return labels.Count == 0
            ? throw new InvalidDataException("The CSV file holds no image.")
            : new LabelledImageSet([.. pixels], [.. labels], Side, Side, classNames);
    }

    private static byte Value(string cell, int line, string what, int max) =>
        int.TryParse(cell.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? (byte)value
            : throw new InvalidDataException($"Line {line}: {what} is \"{cell.Trim()}\", not a whole number from 0 to {max}.");
}
