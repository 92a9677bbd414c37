using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class ToolComponentTests
{
    [Fact]
    public async Task A_canvas_note_shows_its_text_as_text_and_offers_editing_only_to_editors()
    {
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<CanvasService>);
        var note = new NoteView(Guid.NewGuid(), CanvasBlock.Channels, "<b>Trade fairs</b>", NoteColour.Blue, 0, Guid.NewGuid());
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();

        var forEditor = context.Render<CanvasNoteCard>(parameters => parameters.Add(p => p.Slot, new NoteSlot(note)).Add(p => p.CanEdit, true).Add(p => p.UserId, "u"));
        var forViewer = context.Render<CanvasNoteCard>(parameters => parameters.Add(p => p.Slot, new NoteSlot(note)).Add(p => p.CanEdit, false).Add(p => p.UserId, "u"));

        Assert.Equal("<b>Trade fairs</b>", forEditor.Find(".canvas-note-text").TextContent);
        Assert.Empty(forEditor.FindAll(".canvas-note-text b"));
        Assert.Contains("canvas-note-blue", forEditor.Find("[data-testid=canvas-note]").ClassName, StringComparison.Ordinal);
        Assert.Empty(forViewer.FindAll("[data-testid=note-edit]"));
        Assert.Empty(forViewer.FindAll("[data-testid=note-delete]"));

        forEditor.Find("[data-testid=note-edit] button, button[data-testid=note-edit]").Click();
        Assert.Equal("<b>Trade fairs</b>", forEditor.Find("[data-testid=note-editor]").GetAttribute("value") ?? forEditor.Find("[data-testid=note-editor]").TextContent);
        Assert.Equal(6, forEditor.FindAll(".canvas-swatch").Count);
    }

    [Fact]
    public async Task A_note_changed_or_deleted_by_someone_else_keeps_the_open_editor_and_its_text()
    {
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<CanvasService>);
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();
        var note = new NoteView(Guid.NewGuid(), CanvasBlock.Channels, "Trade fairs", NoteColour.Blue, 0, Guid.NewGuid());
        var slot = new NoteSlot(note);
        var card = context.Render<CanvasNoteCard>(parameters => parameters.Add(p => p.Slot, slot).Add(p => p.CanEdit, true).Add(p => p.UserId, "u"));
        card.Find("[data-testid=note-edit] button, button[data-testid=note-edit]").Click();
        card.Find("[data-testid=note-editor]").Input("Trade fairs in Hannover");

        // A teammate's save arrives while the user types, then a move that changes only the position.
        slot.Apply(note with { Text = "Trade fairs and webinars", Version = Guid.NewGuid() });
        slot.Apply(slot.Note with { Position = 3 });
        card.Render();

        Assert.Equal("Trade fairs in Hannover", card.Find("[data-testid=note-editor]").GetAttribute("value"));
        Assert.Equal("Trade fairs and webinars", card.Find("[data-testid=conflict-theirs]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=conflict-deleted]"));

        // Taking theirs as the starting point keeps the editor open with their text.
        card.Find("button[data-testid=conflict-edit-theirs]").Click();
        Assert.Equal("Trade fairs and webinars", card.Find("[data-testid=note-editor]").GetAttribute("value"));
        Assert.Empty(card.FindAll("[data-testid=conflict]"));

        slot.Edit!.Deleted = true;
        card.Render();
        Assert.NotEmpty(card.FindAll("[data-testid=conflict-deleted]"));
        Assert.Equal("Trade fairs and webinars", card.Find("[data-testid=note-editor]").GetAttribute("value"));
    }
}
