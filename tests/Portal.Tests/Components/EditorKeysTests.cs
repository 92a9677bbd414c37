using AngleSharp.Dom;
using Bunit;
using Portal.Features.Canvas;
using Portal.Features.Risks;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>js/editor-keys.js clicks an editor's marked buttons; these tests check each editor marks the right ones.</summary>
public sealed class EditorKeysTests
{
    [Fact]
    public async Task The_open_note_editor_marks_its_save_and_cancel_buttons_and_shows_the_keys()
    {
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<CanvasService>);
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();
        var note = new NoteView(Guid.NewGuid(), CanvasBlock.Channels, "Trade fairs", NoteColour.Blue, 0, Guid.NewGuid());
        var card = context.Render<CanvasNoteCard>(parameters => parameters.Add(p => p.Slot, new NoteSlot(note)).Add(p => p.CanEdit, true).Add(p => p.UserId, "u"));

        // Keys act only while the note is being edited.
        Assert.Empty(card.FindAll("[data-editor-keys]"));
        card.Find("[data-testid=note-edit] button, button[data-testid=note-edit]").Click();

        var editor = card.Find("[data-editor-keys]");
        AssertMarked(editor, "note-save", "note-cancel");
        Assert.Equal("Ctrl+Enter 保存 · Esc 取消", editor.QuerySelector("[data-testid=editor-keys-hint]")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_risk_form_marks_its_save_and_cancel_buttons()
    {
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<RiskService>);
        var form = context.Render<RiskForm>(parameters => parameters.Add(p => p.Edit, RiskEdit.New()).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u"));

        AssertMarked(form.Find("[data-editor-keys]"), "risk-save", "risk-cancel");
    }

    private static void AssertMarked(IElement editor, string saveTestId, string cancelTestId)
    {
        Assert.Equal(saveTestId, editor.QuerySelector("[data-editor-key=save]")?.GetAttribute("data-testid"));
        Assert.Equal(cancelTestId, editor.QuerySelector("[data-editor-key=cancel]")?.GetAttribute("data-testid"));
        Assert.Equal("BUTTON", editor.QuerySelector("[data-editor-key=save]")?.TagName);
    }
}
