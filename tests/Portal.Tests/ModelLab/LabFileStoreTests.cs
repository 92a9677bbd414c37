using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.ModelLab.Storage;
using Portal.Tests.Workspaces;

namespace Portal.Tests.ModelLab;

/// <summary>The file-system store, as the embedded default keeps the lab's files.</summary>
public sealed class FileSystemLabFileStoreTests : LabFileStoreChecks, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "portal-tests", "store-" + Guid.NewGuid().ToString("N"));

    protected override ILabFileStore Store => new FileSystemLabFileStore(root);

    [Fact]
    public async Task A_key_is_a_path_under_the_lab_folder_as_files_were_kept_before_the_store()
    {
        await Put("datasets/abc/data.csv", [1, 2, 3]);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(root, "datasets", "abc", "data.csv")));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>The database store on SQLite, where <c>ModelLab:FileStore=Database</c> puts it on the embedded database.</summary>
public sealed class DatabaseLabFileStoreTests(WorkspaceWorld world) : LabFileStoreChecks, IClassFixture<WorkspaceWorld>
{
    protected override ILabFileStore Store => new DatabaseLabFileStore(world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());

    [Fact]
    public void The_embedded_portal_keeps_the_lab_s_files_in_its_data_folder_and_uses_them_in_place()
    {
        var files = world.Services.GetRequiredService<LabFiles>();

        Assert.IsType<FileSystemLabFileStore>(world.Services.GetRequiredService<ILabFileStore>());
        Assert.True(files.StoreIsLocal);
        Assert.Equal(Path.Combine(world.DataDirectory, "lab", "runs"), files.LocalPath(LabFileKeys.Runs));
    }
}

/// <summary>The database store on PostgreSQL, the scale-out profile's default.</summary>
public sealed class DatabaseLabFileStoreTestsOnPostgres(PostgresWorkspaceWorld world) : LabFileStoreChecks, IClassFixture<PostgresWorkspaceWorld>
{
    protected override ILabFileStore Store => world.Services.GetRequiredService<ILabFileStore>();

    [Fact]
    public void On_postgres_the_lab_s_files_are_in_the_database_by_default()
    {
        Assert.IsType<DatabaseLabFileStore>(Store);
        Assert.False(world.Services.GetRequiredService<LabFiles>().StoreIsLocal);
    }
}

public abstract class LabFileStoreChecks
{
    /// <summary>A folder of this test's own, as the stores of a fixture are shared.</summary>
    private readonly string folder = "checks-" + Guid.NewGuid().ToString("N");

    protected abstract ILabFileStore Store { get; }

    [Fact]
    public async Task A_file_reads_back_as_stored_and_a_second_put_replaces_it()
    {
        var content = new byte[3_000_000];
        new Random(7).NextBytes(content);

        await Put($"{folder}/a/images.idx", content);
        var read = await ReadAsync($"{folder}/a/images.idx");
        await Put($"{folder}/a/images.idx", [9]);

        Assert.Equal(content, read);
        Assert.Equal([9], await ReadAsync($"{folder}/a/images.idx"));
        Assert.False(await Store.CopyToAsync($"{folder}/a/missing", new MemoryStream()));
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_stored_whole()
    {
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 7)).ToArray();
        var zipped = new MemoryStream();
        await using (var zip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await zip.WriteAsync(content);
        }

        zipped.Position = 0;
        await using var unzipping = new GZipStream(zipped, CompressionMode.Decompress);
        await Store.PutAsync($"{folder}/unzipped.bin", unzipping);

        Assert.Equal(content, await ReadAsync($"{folder}/unzipped.bin"));
        Assert.Equal(content.Length, await Store.SizeAsync(folder));
    }

    [Fact]
    public async Task A_folder_lists_sizes_and_deletes_what_is_in_it_and_nothing_beside_it()
    {
        await Put($"{folder}/run/checkpoints/checkpoint.json", [1, 2]);
        await Put($"{folder}/run/checkpoints/weights-1.bin", [1, 2, 3]);
        await Put($"{folder}/run/model/weights.bin", [1, 2, 3, 4]);
        await Put($"{folder}/run/checkpointsX/other.bin", [1]);

        Assert.Equal([$"{folder}/run/checkpoints/checkpoint.json", $"{folder}/run/checkpoints/weights-1.bin"], await Store.ListAsync($"{folder}/run/checkpoints"));
        Assert.Equal(5, await Store.SizeAsync($"{folder}/run/checkpoints"));
        Assert.Equal(10, await Store.SizeAsync(folder));

        await Store.DeleteAsync($"{folder}/run/checkpoints/weights-1.bin");
        Assert.Equal([$"{folder}/run/checkpoints/checkpoint.json"], await Store.ListAsync($"{folder}/run/checkpoints"));
        await Store.DeleteAsync($"{folder}/run/checkpoints");

        Assert.Equal([$"{folder}/run/checkpointsX/other.bin", $"{folder}/run/model/weights.bin"], await Store.ListAsync(folder));
        Assert.Empty(await Store.ListAsync($"{folder}/nothing"));
        Assert.Equal(0, await Store.SizeAsync($"{folder}/nothing"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("datasets/../../outside")]
    [InlineData("datasets//data.csv")]
    [InlineData("datasets\\data.csv")]
    [InlineData("")]
    public async Task A_key_that_could_leave_the_store_is_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
    }

    protected async Task Put(string key, byte[] content) => await Store.PutAsync(key, new MemoryStream(content));

    private async Task<byte[]> ReadAsync(string key)
    {
        var buffer = new MemoryStream();
        Assert.True(await Store.CopyToAsync(key, buffer));
        return buffer.ToArray();
    }
}
