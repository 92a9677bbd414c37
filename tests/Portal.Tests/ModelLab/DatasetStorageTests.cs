using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ModelLab;

/// <summary>A portal whose storage quotas fit a few small uploads, so that tests reach them quickly.</summary>
public sealed class SmallQuotaPortal : PortalAppFactory
{
    /// <summary>The bytes of one test upload: <see cref="LabDatasetTests.Csv"/> of 200 images.</summary>
    public static readonly long UploadBytes = LabDatasetTests.Csv(200).Length;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Two uploads fit a workspace and three fit a user.
        builder.UseSetting("ModelLab:MaxWorkspaceUploadBytes", ((5 * UploadBytes) / 2).ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("ModelLab:MaxUserUploadBytes", ((7 * UploadBytes) / 2).ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class DatasetQuotaTests(SmallQuotaPortal portal) : IClassFixture<SmallQuotaPortal>
{
    private DatasetUploadService Uploads => portal.Services.GetRequiredService<DatasetUploadService>();

    [Fact]
    public async Task Uploads_past_the_workspace_and_the_user_quota_are_refused_naming_the_limit_and_nothing_is_kept()
    {
        var owner = await TestUsers.CreateAsync(portal.Services, "QuotaFounder", PortalRoles.Founder);
        var workspaces = portal.Services.GetRequiredService<WorkspaceService>();
        var first = await workspaces.CreateAsync(owner, new WorkspaceInput("Quota one", "Pitch", WorkspaceStage.Idea, "Retail"));
        var second = await workspaces.CreateAsync(owner, new WorkspaceInput("Quota two", "Pitch", WorkspaceStage.Idea, "Retail"));
        var options = Uploads.Options;

        await Uploads.UploadAsync(owner, first.Id, "One", [("a.csv", LabDatasetTests.Csv(200))]);
        await Uploads.UploadAsync(owner, first.Id, "Two", [("b.csv", LabDatasetTests.Csv(200))]);
        var workspaceFull = Assert.Single((await Assert.ThrowsAsync<InputRejectedException>(() => Uploads.UploadAsync(owner, first.Id, "Three", [("c.csv", LabDatasetTests.Csv(200))]))).Errors);
        await Uploads.UploadAsync(owner, second.Id, "Three", [("c.csv", LabDatasetTests.Csv(200))]);
        var userFull = Assert.Single((await Assert.ThrowsAsync<InputRejectedException>(() => Uploads.UploadAsync(owner, second.Id, "Four", [("d.csv", LabDatasetTests.Csv(200))]))).Errors);

        Assert.Equal("Lab.Error.WorkspaceQuota", workspaceFull.MessageKey);
        Assert.Equal([LabFormat.Megabytes(options.MaxWorkspaceUploadBytes), LabFormat.Megabytes(2 * SmallQuotaPortal.UploadBytes)], workspaceFull.Arguments);
        Assert.Equal("Lab.Error.UserQuota", userFull.MessageKey);
        Assert.Equal([LabFormat.Megabytes(options.MaxUserUploadBytes), LabFormat.Megabytes(3 * SmallQuotaPortal.UploadBytes)], userFull.Arguments);
        var lab = portal.Services.GetRequiredService<TrainingService>();
        Assert.Equal(3, (await lab.DatasetsAsync(owner, first.Id))!.Count);
        Assert.Equal(2, (await lab.DatasetsAsync(owner, second.Id))!.Count);
        // Three stored sets and nothing else: the refused files were removed as the quota was passed.
        var uploads = Path.Combine(portal.DataDirectory, "lab", "datasets");
        Assert.Equal(3, Directory.GetDirectories(uploads).Count(d => Path.GetFileName(d) != ".incoming"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(uploads, ".incoming")));
    }

    [Fact]
    public void The_upload_panel_states_the_limits_that_hold()
    {
        var options = Uploads.Options;
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var help = portal.Services.GetRequiredService<IStringLocalizer<LabText>>()["Upload.Help", LabFormat.Megabytes(options.MaxUploadBytes), options.MaxUploadImages,
                LabDataset.MaxPerWorkspace, LabFormat.Megabytes(options.MaxWorkspaceUploadBytes), LabFormat.Megabytes(options.MaxUserUploadBytes)].Value;

            Assert.Contains("at most 70,000;", help, StringComparison.Ordinal);
            Assert.Contains("each file at most 64 MB", help, StringComparison.Ordinal);
            Assert.Contains($"up to {LabDataset.MaxPerWorkspace} data sets and {LabFormat.Megabytes((5 * SmallQuotaPortal.UploadBytes) / 2)} MB of uploads", help, StringComparison.Ordinal);
            Assert.Contains($"up to {LabFormat.Megabytes((7 * SmallQuotaPortal.UploadBytes) / 2)} MB across workspaces", help, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

/// <summary>A portal that stops during uploads and starts again on the same data.</summary>
public sealed class OrphanUploadTests
{
    [Fact]
    public async Task At_start_upload_folders_and_partial_files_no_data_set_owns_are_removed_and_stored_sets_stay()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        var uploads = Path.Combine(dataDirectory, "lab", "datasets");
        string owner;
        Guid workspaceId;
        DatasetInfo kept, movedLate;
        using (var first = PortalAppFactory.OnDataDirectory(dataDirectory, keepData: true))
        {
            owner = await TestUsers.IdOfAsync(first.Services, "founder.a@portal.local");
            workspaceId = (await first.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner, "loomsight"))!.WorkspaceId;
            var service = first.Services.GetRequiredService<DatasetUploadService>();
            kept = await service.UploadAsync(owner, workspaceId, "Kept", [("kept.csv", LabDatasetTests.Csv(200))]);
            movedLate = await service.UploadAsync(owner, workspaceId, "Saved, not yet moved", [("late.csv", LabDatasetTests.Csv(200))]);
        }

        SqliteConnection.ClearAllPools();
        // What a killed process leaves: a folder with no row, a partial upload, a stray file, and a set whose row was
        // saved just before the process stopped, its files still in the temporary folder.
        var stray = Directory.CreateDirectory(Path.Combine(uploads, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllBytesAsync(Path.Combine(stray, LabDatasets.CsvFile), new byte[8 * 1024 * 1024]);
        var partial = Directory.CreateDirectory(Path.Combine(uploads, ".incoming", Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllBytesAsync(Path.Combine(partial, LabDatasets.CsvFile), new byte[1024]);
        await File.WriteAllTextAsync(Path.Combine(uploads, "upload.tmp"), "partial");
        Directory.Move(Path.Combine(uploads, movedLate.Key), Path.Combine(uploads, ".incoming", movedLate.Key));

        using var second = PortalAppFactory.OnDataDirectory(dataDirectory, keepData: false);
        var lab = second.Services.GetRequiredService<TrainingService>();

        Assert.False(Directory.Exists(stray));
        Assert.False(Directory.Exists(partial));
        Assert.False(File.Exists(Path.Combine(uploads, "upload.tmp")));
        Assert.Equal(new[] { kept.Key, movedLate.Key }.Order(StringComparer.Ordinal), Directory.GetDirectories(uploads).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await lab.DatasetsAsync(owner, workspaceId))!.Count(d => d.Key == kept.Key || d.Key == movedLate.Key));
        var datasets = second.Services.GetRequiredService<LabDatasets>();
        Assert.Equal(170, datasets.Load(kept.Key).Train.Count);
        Assert.Equal(170, datasets.Load(movedLate.Key).Train.Count);
    }
}
