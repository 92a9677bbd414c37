using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Canvas;

/// <summary>Issue 12, finding 6 and 7: imports keep to the snapshot limit, leave no dead notes and explain a bad file in the user's terms.</summary>
public sealed class CanvasImportLimitsTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private CanvasService Canvas => world.Services.GetRequiredService<CanvasService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task Fifty_five_imports_keep_at_most_fifty_snapshots_and_no_replaced_note_rows()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < 55; i++)
        {
            var document = CanvasDocument.From(Enumerable.Range(0, 3).Select(n => new CanvasDocumentNote(null, CanvasBlock.Channels, $"Import {i} note {n}", NoteColour.Yellow)));
            await Canvas.ImportAsync(Owner, workspace.Id, document.ToJson());
        }

        var snapshots = await Canvas.ListSnapshotsAsync(Owner, workspace.Id);
        Assert.Equal(CanvasSnapshotRetention.MaxSnapshots, snapshots.Count);
        // The newest are kept: the last snapshot holds the canvas of the 54th import.
        Assert.Contains("Import 53 note 0", (await Canvas.GetDocumentAsync(Owner, workspace.Id, snapshots[0].Id))!.Notes.Select(n => n.Text));
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var rows = await db.Set<CanvasNote>().Where(n => n.WorkspaceId == workspace.Id).Select(n => n.Text).ToListAsync();
        Assert.Equal(["Import 54 note 0", "Import 54 note 1", "Import 54 note 2"], rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Snapshots_of_a_large_canvas_keep_within_the_storage_budget()
    {
        var workspace = await world.NewWorkspaceAsync();
        // About 480 KB of JSON per import (Chinese text is escaped as \uXXXX), so the budget holds about twenty.
        var text = new string('增', 150);
        var large = CanvasDocument.From(Enum.GetValues<CanvasBlock>().SelectMany(block =>
            Enumerable.Range(0, 52).Select(n => new CanvasDocumentNote(null, block, text, NoteColour.Yellow))));
        var json = large.ToJson();
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(json), 400_000, CanvasDocument.MaxBytes);
        for (var i = 0; i < 30; i++)
        {
            await Canvas.ImportAsync(Owner, workspace.Id, json);
        }

        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.Set<CanvasSnapshot>().Where(s => s.WorkspaceId == workspace.Id).SumAsync(s => (long)s.Json.Length);
        Assert.InRange(stored, 1, CanvasSnapshotRetention.MaxTotalChars);
        Assert.True((await Canvas.ListSnapshotsAsync(Owner, workspace.Id)).Count < 30);
    }

    [Theory]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":1,\"notes\":[{\"block\":\"Nowhere\",\"text\":\"x\",\"colour\":\"Yellow\"}]}", "$.notes[0].block")]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":\"one\",\"notes\":[]}", "$.version")]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":1,\"notes\":{}}", "$.notes")]
    public async Task A_wrong_value_is_named_by_its_place_in_the_file_without_net_type_names(string json, string path)
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Canvas.ImportAsync(Owner, workspace.Id, json));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Canvas.Import.BadValue", error.MessageKey);
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            var message = InCulture(culture, error);
            Assert.Contains(path, message, StringComparison.Ordinal);
            Assert.DoesNotContain("Portal.", message, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_syntax_error_is_reported_by_line()
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Canvas.ImportAsync(Owner, workspace.Id, "{\n  \"format\": \"portal-business-model-canvas\",\n  oops\n}"));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Canvas.Import.NotJson", error.MessageKey);
        Assert.Equal("This is not valid JSON (syntax error on line 3).", InCulture("en", error));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100_000)]
    public async Task Deeply_nested_json_is_refused_and_changes_nothing(int depth)
    {
        var workspace = await world.NewWorkspaceAsync();
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Keep me", NoteColour.Yellow);
        var json = "{\"format\":\"portal-business-model-canvas\",\"version\":1,\"notes\":[{\"block\":\"Channels\",\"colour\":\"Yellow\",\"text\":"
            + new string('[', depth) + new string(']', depth) + "}]}";

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Canvas.ImportAsync(Owner, workspace.Id, json));

        Assert.Equal("Canvas.Import.TooDeep", Assert.Single(refused.Errors).MessageKey);
        Assert.Equal(["Keep me"], (await Canvas.GetAsync(Owner, workspace.Id))!.Notes.Select(n => n.Text));
        Assert.Empty(await Canvas.ListSnapshotsAsync(Owner, workspace.Id));
    }

    private string InCulture(string culture, FieldError error)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return world.Services.GetRequiredService<IStringLocalizer<UiStrings>>()[error.MessageKey, error.Arguments].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
