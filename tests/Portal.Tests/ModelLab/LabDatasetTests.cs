using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.ModelLab.Data;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.ModelLab;

public sealed class LabDatasetTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private TrainingService Lab => world.Services.GetRequiredService<TrainingService>();

    private DatasetUploadService Uploads => world.Services.GetRequiredService<DatasetUploadService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task An_uploaded_csv_is_checked_kept_for_its_workspace_and_trained_on()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();

        var dataset = await Uploads.UploadAsync(Owner, workspace.Id, "Sketches", [("sketches.csv", Csv(200))]);
        var listed = (await Lab.DatasetsAsync(Owner, workspace.Id))!;
        var runId = await Lab.EnqueueAsync(Owner, workspace.Id, TrainingServiceTests.ShortRun with
        {
            DatasetKey = dataset.Key,
            MaxTrainingImages = null,
            Options = TrainingServiceTests.ShortRun.Options with { BatchSize = 20 },
        });
        var run = await TrainingServiceTests.WaitForAsync(Lab, Owner, workspace.Id, runId, RunStatus.Completed);
        var evaluation = (await Lab.EvaluationAsync(Owner, workspace.Id, runId))!;

        Assert.Equal((170, 30), (dataset.TrainCount, dataset.TestCount));
        Assert.Contains(listed, d => d.Key == dataset.Key && d.Name == "Sketches");
        Assert.DoesNotContain((await Lab.DatasetsAsync(Owner, other.Id))!, d => d.Key == dataset.Key);
        Assert.Equal(153, run.TrainSamples);
        Assert.Equal(30, evaluation.Result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal("9", evaluation.ClassNames[9]);
        // Another workspace cannot train on it.
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Lab.EnqueueAsync(Owner, other.Id, TrainingServiceTests.ShortRun with { DatasetKey = dataset.Key }));
        Assert.Contains(refused.Errors, e => e.Field == "Dataset");
    }

    [Theory]
    [InlineData("bad label", "the label")]
    [InlineData("too few", "at least 100")]
    [InlineData("wrong files", "UploadFiles")]
    [InlineData("idx header claiming 680,000 images then zeros", "Lab.Error.TooManyImages 70000")]
    [InlineData("idx header claiming 650,000 blank images", "Lab.Error.TooManyImages 70000")]
    [InlineData("idx header claiming 60,000 images, truncated", "truncated")]
    [InlineData("gzip bomb after 100 images", "bytes after")]
    [InlineData("csv of one line of commas", "Lab.Error.LineTooLong 16384")]
    [InlineData("csv whose first line is blank spaces", "Lab.Error.LineTooLong 16384")]
    [InlineData("csv of blank lines", "no image")]
    [InlineData("binary csv", "not text")]
    [InlineData("file over the size limit", "Upload.TooLarge")]
    public async Task A_bad_upload_is_refused_with_its_reason_and_nothing_is_kept(string problem, string expected)
    {
        var workspace = await world.NewWorkspaceAsync();
        IReadOnlyList<(string, Stream)> files = problem switch
        {
            "bad label" => [("data.csv", new MemoryStream(Encoding.UTF8.GetBytes("12," + string.Join(',', Enumerable.Repeat("0", 784)) + "\n")))],
            "too few" => [("data.csv", Csv(40))],
            "wrong files" => [("a.csv", Csv(200)), ("b.csv", Csv(200)), ("c.csv", Csv(200))],
            "idx header claiming 680,000 images then zeros" => [("images.gz", GzipIdx(IdxReader.ImagesMagic, [680_000, 28, 28], zeros: 20_000_000)), ("labels.gz", GzipIdx(IdxReader.LabelsMagic, [680_000], zeros: 680_000))],
            "idx header claiming 650,000 blank images" => [("images.gz", GzipIdx(IdxReader.ImagesMagic, [650_000, 28, 28], zeros: 650_000 * 784)), ("labels.gz", GzipIdx(IdxReader.LabelsMagic, [650_000], zeros: 650_000))],
            "idx header claiming 60,000 images, truncated" => [("images.gz", GzipIdx(IdxReader.ImagesMagic, [60_000, 28, 28], zeros: 100 * 784)), ("labels.gz", GzipIdx(IdxReader.LabelsMagic, [60_000], zeros: 100))],
            "gzip bomb after 100 images" => [("images.gz", GzipIdx(IdxReader.ImagesMagic, [100, 28, 28], zeros: 50_000_000)), ("labels.gz", GzipIdx(IdxReader.LabelsMagic, [100], zeros: 100))],
            "csv of one line of commas" => [("data.csv", new MemoryStream(Enumerable.Repeat((byte)',', 2_000_000).ToArray()))],
            "csv whose first line is blank spaces" => [("data.csv", new MemoryStream([.. Enumerable.Repeat((byte)' ', 2_000_000), .. Csv(200).ToArray()]))],
            "csv of blank lines" => [("data.csv", new MemoryStream(Encoding.UTF8.GetBytes("   \n \t \n\n")))],
            "binary csv" => [("data.csv", RandomBytes(100_000))],
            _ => [("data.csv", new MemoryStream(new byte[world.Services.GetRequiredService<DatasetUploadService>().Options.MaxUploadBytes + 1]))],
        };

        var error = Assert.Single((await Assert.ThrowsAsync<InputRejectedException>(() => Uploads.UploadAsync(Owner, workspace.Id, "Broken", files))).Errors);

        Assert.Contains(expected, error.MessageKey + " " + string.Join(' ', error.Arguments), StringComparison.Ordinal);
        Assert.Single((await Lab.DatasetsAsync(Owner, workspace.Id))!);
        await AssertOnlyStoredSetsOnDiskAsync();
    }

    [Fact]
    public async Task An_upload_whose_browser_stream_breaks_off_leaves_no_files()
    {
        var workspace = await world.NewWorkspaceAsync();
        var failing = new FailingStream(Csv(200), failAfter: 100_000);

        await Assert.ThrowsAsync<IOException>(() => Uploads.UploadAsync(Owner, workspace.Id, "Dropped", [("data.csv", failing)]));

        Assert.Single((await Lab.DatasetsAsync(Owner, workspace.Id))!);
        await AssertOnlyStoredSetsOnDiskAsync();
    }

    [Fact]
    public async Task A_viewer_cannot_upload_and_a_stranger_cannot_download_an_export()
    {
        var workspace = await world.NewWorkspaceAsync();

        Assert.Equal("denied", await AccessOutcome.OfAsync(() => Uploads.UploadAsync(world.Id(Persona.Viewer)!, workspace.Id, "Mine", [("x.csv", Csv(200))])));
        Assert.Equal("not found", await AccessOutcome.OfAsync(() => Uploads.UploadAsync(world.Id(Persona.Stranger)!, workspace.Id, "Mine", [("x.csv", Csv(200))])));
        using var anonymous = world.CreateBrowserClient();
        var response = await anonymous.GetAsync($"/w/{workspace.Slug}/lab/runs/{Guid.NewGuid()}/spec.json");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Every folder under the uploads folder belongs to a stored data set, and no temporary file is left.</summary>
    private async Task AssertOnlyStoredSetsOnDiskAsync()
    {
        var uploads = Path.Combine(world.DataDirectory, "lab", "datasets");
        var incoming = Path.Combine(uploads, ".incoming");
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = (await db.Set<LabDataset>().Select(d => d.Id).ToListAsync()).Select(id => id.ToString("N")).ToHashSet();

        Assert.All(Directory.GetDirectories(uploads).Where(d => d != incoming), folder => Assert.Contains(Path.GetFileName(folder), stored));
        Assert.Empty(Directory.GetFiles(uploads));
        Assert.Empty(Directory.Exists(incoming) ? Directory.GetFileSystemEntries(incoming) : []);
    }

    /// <summary>A gzip IDX file: the header with <paramref name="sizes"/>, then <paramref name="zeros"/> zero bytes.</summary>
    internal static MemoryStream GzipIdx(uint magic, int[] sizes, int zeros)
    {
        var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var header = new byte[4 + (4 * sizes.Length)];
            BinaryPrimitives.WriteUInt32BigEndian(header, magic);
            for (var i = 0; i < sizes.Length; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + (4 * i)), (uint)sizes[i]);
            }

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

    private static MemoryStream RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(5).NextBytes(bytes);
        return new MemoryStream(bytes);
    }

    /// <summary>A browser stream that breaks off after <paramref name="failAfter"/> bytes, as a closed tab leaves it.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (read >= failAfter)
            {
                throw new IOException("The connection was closed.");
            }

            var n = inner.Read(buffer, offset, (int)Math.Min(count, failAfter - read));
            read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A CSV of <paramref name="count"/> images whose label is drawn in their brightness, so a model can learn it.</summary>
    internal static MemoryStream Csv(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var label = i % 10;
            var pixel = (label * 25).ToString(CultureInfo.InvariantCulture);
            text.Append(label).Append(',').AppendJoin(',', Enumerable.Repeat(pixel, 784)).Append('\n');
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
