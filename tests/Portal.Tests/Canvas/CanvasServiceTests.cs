using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Canvas;

public sealed class CanvasServiceTests(WorkspaceWorld world) : CanvasServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CanvasServiceTestsOnPostgres(PostgresWorkspaceWorld world) : CanvasServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class CanvasServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private CanvasService Canvas => world.Services.GetRequiredService<CanvasService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Create_edit_move_and_delete_notes_by_role(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var existing = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Existing", NoteColour.Blue);

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Canvas.AddNoteAsync(user, workspace.Id, CanvasBlock.ValuePropositions, "New", NoteColour.Yellow)),
            await AccessOutcome.OfAsync(() => Canvas.UpdateNoteAsync(user, workspace.Id, existing.Id, "Edited", NoteColour.Green, existing.Version)),
            await AccessOutcome.OfAsync(() => Canvas.MoveNoteAsync(user, workspace.Id, existing.Id, CanvasBlock.CustomerSegments, 0)),
            await AccessOutcome.OfAsync(() => Canvas.DeleteNoteAsync(user, workspace.Id, existing.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var view = (await Canvas.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(allowed ? ["New"] : ["Existing"], view.Notes.Select(n => n.Text));
        var seen = await Canvas.GetAsync(world.Id(persona), workspace.Id);
        Assert.Equal(persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous), seen is not null);
        Assert.Equal(allowed, seen?.CanEdit ?? false);
    }

    [Fact]
    public async Task A_stale_note_edit_is_refused_with_the_current_text()
    {
        var workspace = await world.NewWorkspaceAsync();
        var note = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.KeyResources, "Labelled images", NoteColour.Yellow);
        await Canvas.UpdateNoteAsync(world.Id(Persona.Editor)!, workspace.Id, note.Id, "50k labelled images", NoteColour.Yellow, note.Version);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException<NoteView>>(() =>
            Canvas.UpdateNoteAsync(Owner, workspace.Id, note.Id, "Images", NoteColour.Yellow, note.Version));

        Assert.Equal("50k labelled images", conflict.Current.Text);
        var applied = await Canvas.UpdateNoteAsync(Owner, workspace.Id, note.Id, "Images", NoteColour.Yellow, conflict.Current.Version);
        Assert.Equal("Images", applied.Text);
    }

    [Fact]
    public async Task Moving_reorders_both_blocks_and_deleting_can_be_undone()
    {
        var workspace = await world.NewWorkspaceAsync();
        var a = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "A", NoteColour.Yellow);
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "B", NoteColour.Yellow);
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "C", NoteColour.Yellow);

        await Canvas.MoveNoteAsync(Owner, workspace.Id, a.Id, CanvasBlock.CustomerSegments, 0);
        var view = (await Canvas.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(["B"], view.In(CanvasBlock.Channels).Select(n => n.Text));
        Assert.Equal(["A", "C"], view.In(CanvasBlock.CustomerSegments).Select(n => n.Text));
        Assert.Equal([0], view.In(CanvasBlock.Channels).Select(n => n.Position));

        await Canvas.DeleteNoteAsync(Owner, workspace.Id, a.Id);
        Assert.Equal(["C"], (await Canvas.GetAsync(Owner, workspace.Id))!.In(CanvasBlock.CustomerSegments).Select(n => n.Text));
        await Canvas.RestoreNoteAsync(Owner, workspace.Id, a.Id);
        Assert.Equal(["C", "A"], (await Canvas.GetAsync(Owner, workspace.Id))!.In(CanvasBlock.CustomerSegments).Select(n => n.Text));
        Assert.Equal(2, (await Canvas.GetAsync(Owner, workspace.Id))!.FilledBlocks);
    }

    [Theory]
    [InlineData("", "Validation.RequiredField")]
    [InlineData("  ", "Validation.RequiredField")]
    public async Task Empty_notes_are_refused(string text, string key)
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, text, NoteColour.Yellow));

        Assert.Equal(key, refused.Errors[0].MessageKey);
    }

    [Fact]
    public async Task Limits_hold_on_the_server_a_note_s_length_and_a_block_s_size()
    {
        var workspace = await world.NewWorkspaceAsync();
        var tooLong = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, new string('x', CanvasNote.TextMaxLength + 1), NoteColour.Yellow));
        Assert.Equal("Validation.TooLong", tooLong.Errors[0].MessageKey);

        var full = CanvasDocument.From(Enumerable.Range(0, CanvasNote.MaxPerBlock).Select(i => new CanvasDocumentNote(null, CanvasBlock.Channels, $"n{i}", NoteColour.Yellow)));
        await Canvas.ImportAsync(Owner, workspace.Id, full.ToJson());
        var blockFull = await Assert.ThrowsAsync<InputRejectedException>(() => Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "one more", NoteColour.Yellow));
        Assert.Equal("Canvas.Error.BlockFull", blockFull.Errors[0].MessageKey);
    }

    [Fact]
    public async Task Snapshots_compare_to_the_current_canvas_block_by_block()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kept = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "Find defects", NoteColour.Yellow);
        var moved = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Trade fairs", NoteColour.Yellow);
        var removed = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CostStructure, "GPU rent", NoteColour.Yellow);
        var snapshot = await Canvas.CreateSnapshotAsync(Owner, workspace.Id, "Week 1");

        await Canvas.UpdateNoteAsync(Owner, workspace.Id, kept.Id, "Find defects in 2 s", NoteColour.Yellow, kept.Version);
        await Canvas.MoveNoteAsync(Owner, workspace.Id, moved.Id, CanvasBlock.CustomerRelationships, 0);
        await Canvas.DeleteNoteAsync(Owner, workspace.Id, removed.Id);
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.RevenueStreams, "Per camera per month", NoteColour.Green);

        var before = (await Canvas.GetDocumentAsync(Owner, workspace.Id, snapshot.Id))!;
        var now = (await Canvas.GetDocumentAsync(Owner, workspace.Id, null))!;
        var diff = CanvasDiff.Compare(before, now);

        Assert.Equal(
            [
                (CanvasBlock.ValuePropositions, NoteChange.Edited, "Find defects in 2 s"),
                (CanvasBlock.CustomerRelationships, NoteChange.Moved, "Trade fairs"),
                (CanvasBlock.CostStructure, NoteChange.Removed, "GPU rent"),
                (CanvasBlock.RevenueStreams, NoteChange.Added, "Per camera per month"),
            ],
            diff.Select(d => (d.Block, d.Change, d.Text)));
        Assert.Equal("Week 1", Assert.Single(await Canvas.ListSnapshotsAsync(world.Id(Persona.Viewer), workspace.Id)).Name);
        Assert.Empty(await Canvas.ListSnapshotsAsync(world.Id(Persona.Stranger), workspace.Id));
    }

    [Fact]
    public async Task Export_and_import_round_trip_and_the_previous_canvas_is_kept()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "Small mills", NoteColour.Pink);
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "Dye houses", NoteColour.Blue);
        var exported = (await Canvas.GetDocumentAsync(Owner, workspace.Id, null))!.ToJson();
        var other = await world.NewWorkspaceAsync();
        await Canvas.AddNoteAsync(Owner, other.Id, CanvasBlock.Channels, "Old note", NoteColour.Yellow);

        var count = await Canvas.ImportAsync(Owner, other.Id, exported);

        Assert.Equal(2, count);
        var imported = (await Canvas.GetAsync(Owner, other.Id))!;
        Assert.Equal([("Small mills", NoteColour.Pink), ("Dye houses", NoteColour.Blue)], imported.In(CanvasBlock.CustomerSegments).Select(n => (n.Text, n.Colour)));
        Assert.Empty(imported.In(CanvasBlock.Channels));
        var backup = Assert.Single(await Canvas.ListSnapshotsAsync(Owner, other.Id));
        Assert.Contains("Old note", (await Canvas.GetDocumentAsync(Owner, other.Id, backup.Id))!.Notes.Select(n => n.Text));
    }

    [Theory]
    [InlineData("not json", "Canvas.Import.NotJson")]
    [InlineData("{\"format\":\"something-else\",\"version\":1,\"notes\":[]}", "Canvas.Import.NotACanvas")]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":9,\"notes\":[]}", "Canvas.Import.Version")]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":1,\"notes\":[{\"block\":\"Nowhere\",\"text\":\"x\",\"colour\":\"Yellow\"}]}", "Canvas.Import.BadValue")]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":1,\"notes\":[{\"block\":\"Channels\",\"text\":\"  \",\"colour\":\"Yellow\"}]}", "Canvas.Import.BadText")]
    [InlineData("{\"format\":\"portal-business-model-canvas\",\"version\":1,\"notes\":[],\"extra\":true}", "Canvas.Import.BadValue")]
    public async Task A_bad_import_is_refused_with_a_clear_message_and_changes_nothing(string json, string key)
    {
        var workspace = await world.NewWorkspaceAsync();
        await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Keep me", NoteColour.Yellow);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Canvas.ImportAsync(Owner, workspace.Id, json));

        Assert.Equal(key, refused.Errors[0].MessageKey);
        Assert.Equal(["Keep me"], (await Canvas.GetAsync(Owner, workspace.Id))!.Notes.Select(n => n.Text));
    }

    [Fact]
    public void Markdown_export_lists_every_block_in_the_poster_s_order()
    {
        var document = CanvasDocument.From([new CanvasDocumentNote(null, CanvasBlock.RevenueStreams, "Subscriptions", NoteColour.Yellow), new CanvasDocumentNote(null, CanvasBlock.KeyPartners, "Camera maker", NoteColour.Yellow)]);

        var markdown = document.ToMarkdown("Loomsight", block => block.ToString(), "Nothing here yet.");

        Assert.StartsWith("# Loomsight", markdown, StringComparison.Ordinal);
        // An empty block says so instead of leaving a bare "-", which Markdown shows as an empty bullet.
        Assert.Contains("## KeyActivities\n\n*Nothing here yet.*\n", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^-\s*$", markdown);
        Assert.True(markdown.IndexOf("## KeyPartners", StringComparison.Ordinal) < markdown.IndexOf("## RevenueStreams", StringComparison.Ordinal));
        Assert.Contains("## KeyPartners\n\n- Camera maker", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(9, markdown.Split("## ").Length - 1);
    }

    [Fact]
    public async Task Adds_racing_for_the_last_places_of_a_block_fill_it_exactly_with_distinct_positions()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < CanvasNote.MaxPerBlock - 5; i++)
        {
            await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, $"Existing {i}", NoteColour.Yellow);
        }

        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await Canvas.AddNoteAsync(i % 2 == 0 ? Owner : world.Id(Persona.Editor)!, workspace.Id, CanvasBlock.Channels, $"Racing {i}", NoteColour.Yellow);
                return true;
            }
            catch (InputRejectedException rejected) when (rejected.Errors.Any(e => e.MessageKey == "Canvas.Error.BlockFull"))
            {
                return false;
            }
        })));

        var notes = (await Canvas.GetAsync(Owner, workspace.Id))!.In(CanvasBlock.Channels).ToList();
        Assert.Equal(5, racing.Count(added => added));
        Assert.Equal(CanvasNote.MaxPerBlock, notes.Count);
        Assert.Equal(Enumerable.Range(0, CanvasNote.MaxPerBlock), notes.Select(n => n.Position).Order());
    }
}
