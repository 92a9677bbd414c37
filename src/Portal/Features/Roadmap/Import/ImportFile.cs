using System.Text;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap.Import;

/// <summary>What both importers share: reading a file within its limit, and shortening texts to the task's lengths.</summary>
internal static class ImportFile
{
    public const string TooLargeKey = "RoadmapImport.Error.TooLarge";

    /// <summary>
    /// Reads the stream in pieces and stops as soon as it passes <paramref name="maxBytes"/>, so an oversized upload is
    /// refused without being held whole; the UTF-8 byte order mark, which JSON readers refuse, is dropped.
    /// </summary>
    public static byte[] ReadBounded(Stream stream, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        return bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
    }

    /// <summary>The text's UTF-8 bytes, refused when over the limit.</summary>
    public static byte[] Bytes(string? text, int maxBytes)
    {
        text ??= "";
        return Encoding.UTF8.GetByteCount(text) > maxBytes ? throw TooLarge(maxBytes) : Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
    }

    public static InputRejectedException TooLarge(int maxBytes) => new("File", TooLargeKey, maxBytes / (1024 * 1024));

    /// <summary>Whether a title holds nothing but spaces and control characters, which a task's title leaves out.</summary>
    public static bool IsBlankTitle(string? text) => (text ?? "").All(c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>The trimmed text, cut to <paramref name="maxLength"/> with a problem reported when it was longer.</summary>
    public static string Fit(string? text, int maxLength, string where, string field, List<ImportProblem> problems)
    {
        // A NUL is no text to a database (PostgreSQL refuses it); a title is one line.
        var trimmed = (text ?? "").Replace("\0", "", StringComparison.Ordinal).Trim();
        if (field == "title")
        {
            trimmed = new string([.. trimmed.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        }

        if (trimmed.Length <= maxLength)
        {
            return trimmed;
        }

        problems.Add(new ImportProblem(where, $"RoadmapImport.Problem.Shortened.{field}", maxLength));
        // Never cut a surrogate pair in half: the half left would not store as text.
        var cut = char.IsHighSurrogate(trimmed[maxLength - 1]) ? maxLength - 1 : maxLength;
        return trimmed[..cut].TrimEnd();
    }
}
