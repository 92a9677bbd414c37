namespace Portal.ModelLab.Data;

/// <summary>Which stated bound a file would break while it is read.</summary>
public enum DatasetLimit
{
    /// <summary>More images (or labels) than the reader was told to take.</summary>
    Images,

    /// <summary>A CSV line longer than <see cref="CsvImageReader.MaxLineLength"/> characters.</summary>
    LineLength,
}

/// <summary>
/// The readers refuse a file that passes a stated bound with an <see cref="InvalidDataException"/> (a sealed type)
/// that also carries the bound, so the caller can name it to the user in their language.
/// </summary>
public static class DatasetLimits
{
    /// <summary>What one image takes once read: its 28 × 28 pixels and its label.</summary>
    public const int BytesPerImage = 28 * 28 + 1;

    /// <summary>
    /// What a read takes whatever it holds: the readers' buffers (gzip, text, one line) and the unused end of the
    /// last chunk the images are gathered in.
    /// </summary>
    public const int ReaderOverheadBytes = 1024 * 1024;

    private const string LimitKey = "DatasetLimit";
    private const string MaximumKey = "DatasetLimitMaximum";

    /// <summary>
    /// The most bytes a read of a file holding <paramref name="images"/> images allocates: the images twice (gathered
    /// while read, then copied into one array each for pixels and labels) and <see cref="ReaderOverheadBytes"/>. The
    /// readers take at most their <c>maxImages</c>, whatever a header claims, so this of <c>maxImages</c> bounds any
    /// read: about 110 MB at the lab's 70,000.
    /// </summary>
    public static long ParseMemoryBytes(int images) => 2L * images * BytesPerImage + ReaderOverheadBytes;

    /// <param name="limit">The bound that was reached.</param>
    /// <param name="maximum">Its value: images, or characters for a line.</param>
    /// <param name="message">What happened, in English, for logs.</param>
    public static InvalidDataException Exceeded(DatasetLimit limit, long maximum, string message)
    {
        var error = new InvalidDataException(message);
        error.Data[LimitKey] = limit;
        error.Data[MaximumKey] = maximum;
        return error;
    }

    /// <summary>Whether <paramref name="error"/> reports a bound, and which.</summary>
    public static bool IsExceeded(InvalidDataException error, out DatasetLimit limit, out long maximum)
    {
        if (error.Data[LimitKey] is DatasetLimit found && error.Data[MaximumKey] is long value)
        {
            (limit, maximum) = (found, value);
            return true;
        }

        (limit, maximum) = (default, 0);
        return false;
    }
}
