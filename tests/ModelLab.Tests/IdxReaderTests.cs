using System.Buffers.Binary;
using System.IO.Compression;
using Portal.ModelLab.Data;

namespace Portal.ModelLab.Tests;

public sealed class IdxReaderTests
{
    private const int Limit = 10_000;

    private static readonly IReadOnlyList<string> Classes = LabelledImageSet.FashionMnistClasses;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Raw_and_gzip_files_read_the_same_images_and_labels(bool gzip)
    {
        var (images, labels) = Files(count: 3, gzip);

        var set = IdxReader.Read(images, labels, Limit, Classes);

        Assert.Equal((3, 28, 28), (set.Count, set.Rows, set.Columns));
        Assert.Equal([0, 1, 2], set.Labels.Select(l => (int)l));
        Assert.Equal(2, set.Image(2)[0]);
        Assert.Equal(28 * 28 * 3, set.Pixels.Length);
    }

    [Fact]
    public void A_wrong_magic_number_is_refused_and_named()
    {
        var (images, labels) = Files(2, gzip: false);
        var bytes = images.ToArray();
        bytes[3] = 0x01;

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), labels, Limit, Classes));

        Assert.Contains("0x00000801", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000803", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        var (images, labels) = Files(2, gzip: false);
        var cut = images.ToArray()[..^100];

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(cut), labels, Limit, Classes));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_dimensions_and_labels_are_checked()
    {
        var (images, _) = Files(3, gzip: false);
        var (_, twoLabels) = Files(2, gzip: false);
        var mismatch = Assert.Throws<InvalidDataException>(() => IdxReader.Read(images, twoLabels, Limit, Classes));
        Assert.Contains("3 images", mismatch.Message, StringComparison.Ordinal);

        var wrongSize = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(ImagesFile(1, 32)), new MemoryStream(LabelsFile([0])), Limit, Classes));
        Assert.Contains("32x32", wrongSize.Message, StringComparison.Ordinal);

        var badLabel = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(ImagesFile(1, 28)), new MemoryStream(LabelsFile([10])), Limit, Classes));
        Assert.Contains("Label 10", badLabel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_announcing_more_than_the_limit_is_refused_before_its_data_is_read()
    {
        // 60,000 images = 47 MB of pixels announced, behind a gzip stream of zeros: the header alone decides.
        var bomb = GzipOfZeros(ImagesHeader(60_000), 50_000_000);
        var compressedLength = bomb.Length;

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(bomb, new MemoryStream(LabelsFile([0])), Limit, Classes));

        Assert.Contains("at most 10,000", error.Message, StringComparison.Ordinal);
        Assert.True(DatasetLimits.IsExceeded(error, out var limit, out var maximum));
        Assert.Equal((DatasetLimit.Images, 10_000L), (limit, maximum));
        Assert.True(compressedLength < 200_000, "The test's gzip stream should be small.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reading_an_idx_pair_allocates_within_the_stated_bound_for_its_images(bool gzip)
    {
        const int count = 3000;
        var images = ImagesFile(count, 28);
        var labels = LabelsFile([.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);
        var (imageStream, labelStream) = gzip ? (Gzip(images), Gzip(labels)) : (new MemoryStream(images), new MemoryStream(labels));

        LabelledImageSet? set = null;
        var allocated = AllocatedBytes(() => set = IdxReader.Read(imageStream, labelStream, 70_000, Classes));

        Assert.Equal(count, set!.Count);
        // At least the images once (the measure sees the reading), at most the bound the lab states.
        Assert.InRange(allocated, (long)count * DatasetLimits.BytesPerImage, DatasetLimits.ParseMemoryBytes(count));
    }

    [Fact]
    public void A_header_claiming_680000_images_allocates_nothing_like_their_size()
    {
        // The tester's file: a 9 MB gzip whose header claims 680,000 images, then zeros.
        var bomb = GzipOfZeros(ImagesHeader(680_000), 200_000_000);
        var labels = new MemoryStream(LabelsFile([0]));

        var allocated = AllocatedBytes(() => Assert.Throws<InvalidDataException>(() => IdxReader.Read(bomb, labels, 70_000, Classes)));

        // Nothing of the data is read: the bound of a file of no images.
        Assert.True(allocated < DatasetLimits.ParseMemoryBytes(0), $"Refusing the header allocated {allocated:N0} bytes.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_header_under_the_limit_that_lies_takes_memory_for_what_is_really_there(bool gzip)
    {
        // Claims 60,000 images (47 MB) but holds only 100: memory must follow the 100, and the file is refused as truncated.
        var header = ImagesHeader(60_000);
        var bytes = header.Concat(new byte[100 * 784]).ToArray();
        var images = gzip ? Gzip(bytes) : new MemoryStream(bytes);
        var (_, labels) = Files(100, gzip: false);

        InvalidDataException? error = null;
        var allocated = AllocatedBytes(() => error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(images, labels, 70_000, Classes)));

        Assert.Contains("truncated", error!.Message, StringComparison.Ordinal);
        Assert.True(allocated < DatasetLimits.ParseMemoryBytes(100), $"A 78 KB file claiming 47 MB allocated {allocated:N0} bytes.");
    }

    [Fact]
    public void A_gzip_bomb_under_the_claimed_count_is_refused_after_the_announced_bytes()
    {
        // 100 images announced, then 100 MB of zeros: the reader stops one byte past the announced data.
        var bomb = GzipOfZeros(ImagesHeader(100), 100_000_000);
        var (_, labels) = Files(100, gzip: false);

        var allocated = AllocatedBytes(() =>
        {
            var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(bomb, labels, 70_000, Classes));
            Assert.Contains("bytes after", error.Message, StringComparison.Ordinal);
        });

        Assert.True(allocated < DatasetLimits.ParseMemoryBytes(100), $"Reading the bomb allocated {allocated:N0} bytes.");
    }

    [Fact]
    public void Binary_garbage_and_broken_gzip_are_refused_with_a_reason()
    {
        var garbage = new byte[4096];
        new Random(1).NextBytes(garbage);
        var gzip = Gzip(ImagesFile(100, 28)).ToArray();
        var brokenGzip = gzip[..(gzip.Length / 2)];
        brokenGzip[20] ^= 0xFF;
        var (_, labels) = Files(100, gzip: false);

        var notIdx = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(garbage), labels, Limit, Classes));
        labels.Position = 0;
        var cut = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(brokenGzip), labels, Limit, Classes));

        Assert.Contains("magic number", notIdx.Message, StringComparison.Ordinal);
        Assert.StartsWith("The images file", cut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_bytes_after_the_data_are_refused()
    {
        var bytes = ImagesFile(1, 28).Concat(new byte[] { 7 }).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), new MemoryStream(LabelsFile([0])), Limit, Classes));

        Assert.Contains("after", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", 6000)]
    [InlineData("t10k", 1000)]
    public void The_committed_fashion_mnist_subset_is_balanced_and_valid(string prefix, int count)
    {
        var folder = Path.Combine(RepositoryRoot(), "content", "datasets", "fashion-mnist-subset");
        using var images = File.OpenRead(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"));
        using var labels = File.OpenRead(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"));

        var set = IdxReader.Read(images, labels, DatasetCatalog.MaxImages, Classes);

        Assert.Equal(count, set.Count);
        Assert.All(set.Labels.GroupBy(l => l), g => Assert.Equal(count / 10, g.Count()));
        Assert.True(set.Pixels.Any(p => p > 200), "Real images have bright pixels.");
    }

    private static (MemoryStream Images, MemoryStream Labels) Files(int count, bool gzip)
    {
        var images = ImagesFile(count, 28);
        var labels = LabelsFile([.. Enumerable.Range(0, count).Select(i => (byte)i)]);
        return gzip ? (Gzip(images), Gzip(labels)) : (new MemoryStream(images), new MemoryStream(labels));
    }

    private static byte[] ImagesFile(int count, int size)
    {
        var bytes = new byte[16 + (count * size * size)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)size);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), (uint)size);
        for (var i = 0; i < count; i++)
        {
            bytes.AsSpan(16 + (i * size * size), size * size).Fill((byte)i);
        }

        return bytes;
    }

    private static byte[] ImagesHeader(int count)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 28);
        return header;
    }

    private static MemoryStream GzipOfZeros(byte[] header, int zeros)
    {
        var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zip.Write(header);
            var block = new byte[1 << 20];
            for (var written = 0; written < zeros; written += block.Length)
            {
                zip.Write(block, 0, Math.Min(block.Length, zeros - written));
            }
        }

        output.Position = 0;
        return output;
    }

    /// <summary>Bytes allocated on this thread while <paramref name="read"/> runs: everything the synchronous readers take.</summary>
    internal static long AllocatedBytes(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        read();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static byte[] LabelsFile(byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private static MemoryStream Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(bytes);
        }

        output.Position = 0;
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the tests.");
    }
}
