namespace Portal.ModelLab.Data;

/// <summary>
/// Bytes gathered in fixed-size chunks as they arrive, so the memory a reader takes follows what a file really
/// holds, never what its header claims, and growing never copies what was read before.
/// </summary>
internal sealed class ChunkedBytes
{
    private const int ChunkSize = 256 * 1024;

    private readonly List<byte[]> chunks = [];
    private int usedInLast = ChunkSize;

    public long Length { get; private set; }

    public void Add(ReadOnlySpan<byte> values)
    {
        while (!values.IsEmpty)
        {
            var free = FreeSpace();
            var n = Math.Min(free.Length, values.Length);
            values[..n].CopyTo(free);
            Commit(n);
            values = values[n..];
        }
    }

    /// <summary>Reads from <paramref name="input"/> until <paramref name="count"/> bytes are added or it ends; returns how many were added.</summary>
    public long ReadFrom(Stream input, long count)
    {
        long added = 0;
        while (added < count)
        {
            var free = FreeSpace();
            var read = input.Read(free[..(int)Math.Min(free.Length, count - added)]);
            if (read == 0)
            {
                break;
            }

            Commit(read);
            added += read;
        }

        return added;
    }

    public byte[] ToArray()
    {
        var result = new byte[Length];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var n = (int)Math.Min(chunk.Length, Length - offset);
            chunk.AsSpan(0, n).CopyTo(result.AsSpan(offset));
            offset += n;
        }

        return result;
    }

    private Span<byte> FreeSpace()
    {
        if (usedInLast == ChunkSize)
        {
            chunks.Add(new byte[ChunkSize]);
            usedInLast = 0;
        }

        return chunks[^1].AsSpan(usedInLast);
    }

    private void Commit(int count)
    {
        usedInLast += count;
        Length += count;
    }
}
