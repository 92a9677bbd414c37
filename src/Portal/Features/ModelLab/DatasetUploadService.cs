using System.Buffers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.ModelLab.Storage;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.ModelLab.Data;

namespace Portal.Features.ModelLab;

/// <summary>
/// Takes data sets members upload: checks them within the stated limits (bytes per file, images per set, storage
/// per workspace and per user, sets per workspace) and keeps their files in the lab's store only while a
/// <see cref="LabDataset"/> row owns them. Files are written and checked in a temporary folder on this node and kept
/// (stored, and moved into this node's lab folder) once the row is saved; whatever fails removes them, and at start
/// <see cref="RemoveOrphansAsync"/> clears what a stopped process or a deleted workspace left.
/// </summary>
public sealed class DatasetUploadService(
    IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck,
    IWorkspaceEvents events,
    TimeProvider clock,
    LabFiles files,
    IOptions<ModelLabOptions> options) : IDisposable
{
    // One parse at a time on this node, so the memory one parse may take bounds all uploads together; the quota is
    // checked again under it, so two uploads at once cannot both take the last room.
    private readonly SemaphoreSlim parsing = new(1, 1);

    public ModelLabOptions Options => options.Value;

    /// <summary>For tests: told the data set's name when its upload finds another parse under way and waits for it.</summary>
    internal Action<string>? WaitingToParse { get; set; }

    /// <summary>For tests: awaited with the data set's name inside the one-parse gate, just before the parse.</summary>
    internal Func<string, Task>? Parsing { get; set; }

    /// <summary>Where uploads are written until their row is saved.</summary>
    private string IncomingFolder => files.LocalPath(LabFileKeys.IncomingUploads);

    /// <summary>
    /// Checks an uploaded data set (a CSV file, or an IDX images file and labels file) and keeps it for the workspace.
    /// The files are read from <paramref name="files"/> (a name and a stream each).
    /// </summary>
    public async Task<DatasetInfo> UploadAsync(string userId, Guid workspaceId, string name, IReadOnlyList<(string FileName, Stream Content)> files,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var checks = new InputChecks();
        var cleanName = checks.Text("Name", name, LabDataset.NameMaxLength, required: true);
        var isCsv = files.Count == 1 && files[0].FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        checks.Expect(isCsv || files.Count == 2, "Files", "Lab.Error.UploadFiles");
        var usage = await UsageAsync(db, userId, workspaceId, cancellationToken);
        checks.Expect(usage.Datasets < LabDataset.MaxPerWorkspace, "Name", "Lab.Error.TooManyDatasets", LabDataset.MaxPerWorkspace);
        if (QuotaError(usage, adding: 1) is { } full)
        {
            checks.Expect(false, full.Field, full.MessageKey, full.Arguments);
        }

        checks.ThrowIfAny();

        var dataset = new LabDataset { WorkspaceId = workspaceId, Name = cleanName, CreatedById = userId, CreatedAt = clock.GetUtcNow(), Format = isCsv ? "csv" : "idx" };
        var incoming = Path.Combine(IncomingFolder, dataset.Id.ToString("N"));
        try
        {
            Directory.CreateDirectory(incoming);
            dataset.Bytes = await SaveFilesAsync(files, isCsv, incoming, usage, cancellationToken);
            var turn = parsing.WaitAsync(cancellationToken);
            if (!turn.IsCompleted)
            {
                WaitingToParse?.Invoke(cleanName);
            }

            await turn;
            try
            {
                if (Parsing is { } parsingHook)
                {
                    await parsingHook(cleanName);
                }

                dataset.ImageCount = await Task.Run(() => LabDatasets.ReadUpload(incoming, Options.MaxUploadImages).Count, cancellationToken);
                var now = await UsageAsync(db, userId, workspaceId, cancellationToken);
                if (now.Datasets >= LabDataset.MaxPerWorkspace)
                {
                    throw new InputRejectedException("Name", "Lab.Error.TooManyDatasets", LabDataset.MaxPerWorkspace);
                }

                if (QuotaError(now, dataset.Bytes) is { } error)
                {
                    throw new InputRejectedException([error]);
                }

                db.Add(dataset);
                ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "lab.dataset", dataset.Name, $"/w/{access.Slug}/lab", dataset.CreatedAt);
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                parsing.Release();
            }

            await KeepAsync(db, dataset, incoming);
        }
        catch (InvalidDataException error)
        {
            throw Rejected(error);
        }
        finally
        {
            if (Directory.Exists(incoming))
            {
                Directory.Delete(incoming, recursive: true);
            }
        }

        await events.PublishAsync(new WorkspaceChange(workspaceId, TrainingService.Topic, null, userId, dataset.CreatedAt));
        return LabDatasets.Describe(dataset);
    }

    /// <summary>Deletes an uploaded data set and its files; other nodes drop their copies of them at their next start.</summary>
    public async Task DeleteAsync(string userId, Guid workspaceId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var deleted = Guid.TryParseExact(key, "N", out var id)
            ? await db.Set<LabDataset>().Where(d => d.Id == id && d.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken)
            : 0;
        if (deleted == 0)
        {
            throw new WorkspaceNotFoundException();
        }

        // After the row, so that a failure here leaves files no row owns, which the next start removes.
        await files.DeleteAsync(LabFileKeys.Dataset(key), CancellationToken.None);
        await events.PublishAsync(new WorkspaceChange(workspaceId, TrainingService.Topic, null, userId, clock.GetUtcNow()));
    }

    /// <summary>
    /// Removes stored data set files that no row owns (left by a stopped process, or by a workspace deleted with its
    /// rows), in the store and in this node's copies, and this node's temporary upload folders; one whose row was saved
    /// is kept first. Called once at start.
    /// </summary>
    /// <returns>The folders and files removed.</returns>
    public async Task<int> RemoveOrphansAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owned = (await db.Set<LabDataset>().Select(d => d.Id).ToListAsync(cancellationToken)).Select(id => id.ToString("N")).ToHashSet();
        var removed = 0;
        if (Directory.Exists(IncomingFolder))
        {
            foreach (var folder in Directory.EnumerateDirectories(IncomingFolder).ToList())
            {
                var key = Path.GetFileName(folder);
                if (owned.Contains(key) && !Directory.Exists(files.LocalPath(LabFileKeys.Dataset(key))))
                {
                    await files.KeepAsync(folder, LabFileKeys.Dataset(key), cancellationToken);
                }
            }

            removed += Directory.EnumerateFileSystemEntries(IncomingFolder).Count();
            Directory.Delete(IncomingFolder, recursive: true);
        }

        foreach (var place in files.Places)
        {
            var entries = (await place.ListAsync(LabFileKeys.Datasets, cancellationToken)).Select(key => LabFileKeys.EntryIn(LabFileKeys.Datasets, key)).Distinct();
            foreach (var stray in entries.Where(entry => !owned.Contains(entry)).ToList())
            {
                await place.DeleteAsync(LabFileKeys.Dataset(stray), cancellationToken);
                removed++;
            }
        }

        return removed;
    }

    private sealed record Usage(int Datasets, long WorkspaceBytes, long UserBytes);

    private static async Task<Usage> UsageAsync(PortalDbContext db, string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var workspace = db.Set<LabDataset>().Where(d => d.WorkspaceId == workspaceId);
        return new Usage(
            await workspace.CountAsync(cancellationToken),
            await workspace.SumAsync(d => d.Bytes, cancellationToken),
            await db.Set<LabDataset>().Where(d => d.CreatedById == userId).SumAsync(d => d.Bytes, cancellationToken));
    }

    /// <summary>The quota that <paramref name="adding"/> more bytes would pass, naming the limit and what is used; null when both hold.</summary>
    private FieldError? QuotaError(Usage usage, long adding)
    {
        if (usage.WorkspaceBytes + adding > Options.MaxWorkspaceUploadBytes)
        {
            return new FieldError("Files", "Lab.Error.WorkspaceQuota", LabFormat.Megabytes(Options.MaxWorkspaceUploadBytes), LabFormat.Megabytes(usage.WorkspaceBytes));
        }

        return usage.UserBytes + adding > Options.MaxUserUploadBytes
            ? new FieldError("Files", "Lab.Error.UserQuota", LabFormat.Megabytes(Options.MaxUserUploadBytes), LabFormat.Megabytes(usage.UserBytes))
            : null;
    }

    /// <summary>Writes the files into <paramref name="folder"/>, refusing one over the size limit or the quota as soon as it passes it.</summary>
    private async Task<long> SaveFilesAsync(IReadOnlyList<(string FileName, Stream Content)> files, bool isCsv, string folder, Usage usage, CancellationToken cancellationToken)
    {
        // The labels file is the one whose name says so; otherwise the second.
        var labelsFirst = !isCsv && files[0].FileName.Contains("label", StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<((string FileName, Stream Content) File, string StoredAs)> stored = isCsv
            ? [(files[0], LabDatasets.CsvFile)]
            : [(files[labelsFirst ? 1 : 0], LabDatasets.ImagesFile), (files[labelsFirst ? 0 : 1], LabDatasets.LabelsFile)];
        var room = Math.Min(Options.MaxWorkspaceUploadBytes - usage.WorkspaceBytes, Options.MaxUserUploadBytes - usage.UserBytes);
        long total = 0;
        foreach (var (file, storedAs) in stored)
        {
            var limit = Math.Min(Options.MaxUploadBytes, room - total);
            var written = await CopyAtMostAsync(file.Content, Path.Combine(folder, storedAs), limit, cancellationToken);
            if (written > limit)
            {
                throw limit == Options.MaxUploadBytes
                    ? new InputRejectedException("Files", "Upload.TooLarge", file.FileName, LabFormat.Megabytes(Options.MaxUploadBytes))
                    : new InputRejectedException([QuotaError(usage, total + written)!]); // written > room - total, so a quota is passed
            }

            total += written;
        }

        return total;
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; returns the bytes written, or more than the limit when the content holds more.</summary>
    private static async Task<long> CopyAtMostAsync(Stream content, string path, long limit, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long written = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (written + read > limit)
                {
                    return written + read;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                written += read;
            }

            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Keeps the files where the lab reads them; if that fails the row goes too, so no row is left without its files.</summary>
    private async Task KeepAsync(PortalDbContext db, LabDataset dataset, string incoming)
    {
        var folder = LabFileKeys.Dataset(dataset.Id.ToString("N"));
        try
        {
            await files.KeepAsync(incoming, folder, CancellationToken.None);
        }
        catch
        {
            await db.Set<LabDataset>().Where(d => d.Id == dataset.Id).ExecuteDeleteAsync(CancellationToken.None);
            await files.DeleteAsync(folder, CancellationToken.None);
            throw;
        }
    }

    public void Dispose() => parsing.Dispose();

    private static InputRejectedException Rejected(InvalidDataException error) =>
        DatasetLimits.IsExceeded(error, out var limit, out var maximum)
            ? new InputRejectedException("Files", limit == DatasetLimit.Images ? "Lab.Error.TooManyImages" : "Lab.Error.LineTooLong", maximum)
            : new InputRejectedException("Files", "Lab.Error.UploadInvalid", error.Message);
}
