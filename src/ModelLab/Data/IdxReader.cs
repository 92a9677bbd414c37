using System.Buffers.Binary;
using System.IO.Compression;

namespace Portal.ModelLab.Data;

/// <summary>
/// Reads MNIST-format IDX files (images 0x00000803, labels 0x00000801, big-endian sizes, unsigned
/// bytes), raw or gzip-compressed, refusing anything malformed or too large. Memory grows with the bytes actually
/// read, never with the count a header claims: a file is held at most twice (while read, then as one array), so a
/// read takes at most <see cref="DatasetLimits.ParseMemoryBytes"/> of the images really there, and so of <c>maxImages</c>,
/// whatever the file says.
/// </summary>
public static class IdxReader
{
    public const uint ImagesMagic = 0x00000803;
    public const uint LabelsMagic = 0x00000801;

    /// <summary>Reads an image file and its label file into one set; both must describe the same number of items.</summary>
    /// <param name="maxImages">The most images (and labels) taken; a file claiming more is refused before its data is read.</param>
    /// <exception cref="InvalidDataException">What is wrong with which file; one that <see cref="DatasetLimits.IsExceeded"/> names when it holds too many images.</exception>
    public static LabelledImageSet Read(Stream images, Stream labels, int maxImages, IReadOnlyList<string> classNames)
    {
        var (imageDims, pixels) = ReadFile(images, ImagesMagic, 3, maxImages, "images");
        var (labelDims, labelBytes) = ReadFile(labels, LabelsMagic, 1, maxImages, "labels");
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"The images file holds {imageDims[0]} images but the labels file {labelDims[0]} labels.");
        }

        for (var i = 0; i < labelBytes.Length; i++)
        {
            if (labelBytes[i] >= classNames.Count)
            {
                throw new InvalidDataException($"Label {labelBytes[i]} of item {i} is outside 0-{classNames.Count - 1}.");
            }
        }

        return new LabelledImageSet(pixels, labelBytes, imageDims[1], imageDims[2], classNames);
    }

    private static (int[] Dimensions, byte[] Data) ReadFile(Stream stream, uint magic, int dimensions, int maxImages, string what)
    {
        using var input = OpenMaybeGzip(stream);
        Span<byte> header = stackalloc byte[4];
        ReadExactly(input, header, what, "its magic number");
        var found = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (found != magic)
        {
            throw new InvalidDataException($"The {what} file starts with 0x{found:X8}, not the IDX magic number 0x{magic:X8}.");
        }

        var sizes = new int[dimensions];
        long total = 1;
        for (var d = 0; d < dimensions; d++)
        {
            ReadExactly(input, header, what, $"the size of dimension {d + 1}");
            var size = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (size == 0 || size > int.MaxValue)
            {
                throw new InvalidDataException($"Dimension {d + 1} of the {what} file has size {size}.");
            }

            sizes[d] = (int)size;
            total *= size;
        }

        if (dimensions == 3 && (sizes[1] != 28 || sizes[2] != 28))
        {
            throw new InvalidDataException($"The {what} are {sizes[1]}x{sizes[2]}; the lab takes 28x28 images.");
        }

        // A header claiming more than the limit is refused before any data is read, so a gzip bomb never unpacks
        // beyond it; one claiming less may still lie, so memory grows only with the bytes that really arrive.
        if (sizes[0] > maxImages)
        {
            throw DatasetLimits.Exceeded(DatasetLimit.Images, maxImages, $"The {what} file claims {sizes[0]:N0} items; at most {maxImages:N0} are taken.");
        }

        var data = new ChunkedBytes();
        if (AsGzipError(what, () => data.ReadFrom(input, total)) < total)
        {
            throw new InvalidDataException($"The {what} file ends after {data.Length:N0} of the {total:N0} bytes of data its header announces (the file is truncated).");
        }

        if (AsGzipError(what, input.ReadByte) != -1)
        {
            throw new InvalidDataException($"The {what} file has bytes after the {total:N0} its header announces.");
        }

        return (sizes, data.ToArray());
    }

    private static Stream OpenMaybeGzip(Stream stream)
    {
        var buffered = new BufferedStream(stream, 64 * 1024);
        Span<byte> start = stackalloc byte[2];
        var read = buffered.Read(start);
        var gzip = read == 2 && start[0] == 0x1f && start[1] == 0x8b;
        // Put the two bytes back in front of the rest.
        var whole = new ConcatenatedStream(start[..read].ToArray(), buffered);
        return gzip ? new GZipStream(whole, CompressionMode.Decompress) : whole;
    }

    private static void ReadExactly(Stream input, Span<byte> buffer, string what, string part)
    {
        try
        {
            input.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"The {what} file ends before {part}.");
        }
        catch (InvalidDataException exception)
        {
            throw GzipError(what, exception);
        }
    }

    /// <summary>Runs a read, naming the file when its gzip stream turns out corrupt.</summary>
    private static T AsGzipError<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException exception)
        {
            throw GzipError(what, exception);
        }
    }

    private static InvalidDataException GzipError(string what, InvalidDataException exception) =>
        new($"The {what} file is not valid gzip: {exception.Message}");

    /// <summary>A few bytes already read, then the rest of a stream; the caller keeps owning the stream.</summary>
    private sealed class ConcatenatedStream(byte[] head, Stream tail) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - position);
                head.AsSpan(position, n).CopyTo(buffer);
                position += n;
                return n;
            }

            return tail.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
