namespace Portal.ModelLab.Data;

/// <summary>
/// Reads lines into one fixed buffer and refuses a line longer than the bound as soon as that many characters
/// have arrived, where <see cref="TextReader.ReadLine"/> would first gather the whole line, however long.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    // Twice the bound: after the consumed lines are moved out, a whole line up to the bound and the next read fit.
    private readonly char[] buffer = new char[2 * (maxLength + 2)];
    private int start;
    private int end;
    private bool ended;

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its line break; false at the end of the text.</summary>
    /// <exception cref="InvalidDataException">The line is longer than the bound.</exception>
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var pending = buffer.AsSpan(start, end - start);
            var newline = pending.IndexOf('\n');
            if (newline >= 0 || (ended && !pending.IsEmpty))
            {
                var length = newline >= 0 ? newline : pending.Length;
                line = pending[..length].TrimEnd('\r');
                start += newline >= 0 ? length + 1 : length;
                LineNumber++;
                return line.Length <= maxLength ? true : throw TooLong();
            }

            if (ended)
            {
                line = default;
                return false;
            }

            if (pending.Length > maxLength + 1)
            {
                LineNumber++;
                throw TooLong();
            }

            pending.CopyTo(buffer);
            start = 0;
            end = pending.Length;
            var read = reader.Read(buffer, end, buffer.Length - end);
            ended = read == 0;
            end += read;
        }
    }

    private InvalidDataException TooLong() =>
        DatasetLimits.Exceeded(DatasetLimit.LineLength, maxLength, $"Line {LineNumber} is longer than {maxLength:N0} characters; a line holds one image of {CsvImageReader.PixelCount} values.");
}
