using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Comments;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>Mentions suggested while typing, keyboard shortcuts in the editors, and who else is on the same tool page.</summary>
public sealed class CollaborationAidsTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task Ada_picks_Bo_from_the_suggestions_with_Enter_and_Bo_s_bell_shows_the_mention()
    {
        var unreadBefore = await server.Services.GetRequiredService<CommentService>().UnreadCountAsync(await server.UserIdAsync("founder.b@portal.local"));
        var bo = await OpenAsync("founder.b@portal.local", "w/loomsight");
        var ada = await OpenAsync("founder.a@portal.local", "w/loomsight");
        var box = ada.Locator("textarea[data-testid=comment-input], [data-testid=comment-input] textarea").First;
        // The suggestions come from a script the box attaches once its circuit runs.
        await ada.Locator("[data-mentions-ready]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await box.ClickAsync();
        await box.PressSequentiallyAsync("Thanks @Bo");
        await Assertions.Expect(ada.Locator("[data-testid=mention-suggestion]").First).ToHaveTextAsync("Bo Founder");
        await Assertions.Expect(ada.Locator("[data-testid=mention-suggestion][aria-selected=true]")).ToHaveTextAsync("Bo Founder");
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "mention-suggestions.png") });

        await box.PressAsync("Enter");
        await Assertions.Expect(box).ToHaveValueAsync("Thanks @Bo Founder ");
        await Assertions.Expect(ada.Locator("[data-testid=mention-suggestions]")).ToHaveCountAsync(0);
        await box.PressSequentiallyAsync("can you check the pitch?");
        await box.PressAsync("Control+Enter");

        await Assertions.Expect(ada.Locator("[data-testid=comment]", new() { HasText = "Thanks @Bo Founder can you check the pitch?" })).ToBeVisibleAsync();
        await Assertions.Expect(box).ToHaveValueAsync("");
        await Assertions.Expect(bo.Locator("[data-testid=notifications-badge] .mud-badge")).ToHaveTextAsync($"{unreadBefore + 1}");
    }

    [Fact]
    public async Task Ctrl_Enter_saves_a_note_and_Esc_cancels_a_risk_edit_back_to_the_stored_values()
    {
        var ada = await OpenAsync("founder.a@portal.local", "w/loomsight/canvas");
        await PortalServer.WaitUntilCanvasAddBoxesReadyAsync(ada);
        var text = $"Shortcut {Guid.NewGuid():N}"[..17];
        await ada.Locator("[data-testid=add-Channels]").FillAsync(text);
        await ada.Locator("[data-testid=add-Channels]").PressAsync("Enter");
        var id = await ada.Locator("[data-testid=canvas-note]", new() { HasText = text }).GetAttributeAsync("data-note-id");
        var card = ada.Locator($"[data-testid=canvas-note][data-note-id='{id}']");

        await card.Locator("[data-testid=note-edit]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=editor-keys-hint]").First).ToHaveTextAsync("Ctrl+Enter 保存 · Esc 取消");
        await card.Locator("[data-testid=note-editor]").FillAsync(text + " saved by keyboard");
        await card.Locator("[data-testid=note-editor]").PressAsync("Control+Enter");
        await Assertions.Expect(card.Locator("[data-testid=note-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(card.Locator(".canvas-note-text")).ToHaveTextAsync(text + " saved by keyboard");
        await ada.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await Assertions.Expect(card.Locator(".canvas-note-text")).ToHaveTextAsync(text + " saved by keyboard");

        var title = $"Shortcut risk {Guid.NewGuid():N}"[..22];
        await CreateRiskAsync(title);
        await ada.GotoAsync("w/loomsight/risks");
        await PortalServer.WaitUntilInteractiveAsync(ada);
        var edit = ada.Locator("tr", new() { HasText = title }).Locator("[data-testid=risk-edit]");
        var titleBox = ada.Locator("input[data-testid=risk-title], [data-testid=risk-title] input");
        await edit.ClickAsync();
        await titleBox.FillAsync("A title Ada drops");
        await titleBox.PressAsync("Escape");
        await Assertions.Expect(ada.Locator("[data-testid=risk-form]")).ToHaveCountAsync(0);
        await Assertions.Expect(ada.Locator("tr", new() { HasText = title })).ToBeVisibleAsync();

        // Opened again, the form shows the stored title: Esc discarded the draft as the Cancel button does.
        await edit.ClickAsync();
        await Assertions.Expect(titleBox).ToHaveValueAsync(title);
        await Assertions.Expect(ada.Locator("[data-testid=draft-restored]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Ada_on_the_canvas_sees_Bo_arrive_and_leave_and_on_the_risks_only_who_is_there()
    {
        var adaOnCanvas = await OpenAsync("founder.a@portal.local", "w/loomsight/canvas");
        var adaOnRisks = await adaOnCanvas.Context.NewPageAsync();
        await adaOnRisks.GotoAsync("w/loomsight/risks");
        foreach (var page in new[] { adaOnCanvas, adaOnRisks })
        {
            await PortalServer.WaitUntilInteractiveAsync(page);
            await page.Locator("[data-testid=page-presence][data-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Assertions.Expect(page.Locator("[data-testid=page-viewer]")).ToHaveCountAsync(0);
        }

        var bo = await OpenAsync("founder.b@portal.local", "w/loomsight/canvas");
        await bo.Locator("[data-testid=page-presence][data-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(adaOnCanvas.Locator("[data-testid=page-viewer]")).ToHaveTextAsync("B");
        await Assertions.Expect(bo.Locator("[data-testid=page-viewer]")).ToHaveTextAsync("A");
        await Assertions.Expect(adaOnRisks.Locator("[data-testid=page-viewer]")).ToHaveCountAsync(0);
        await adaOnCanvas.Locator("[data-testid=page-viewer]").HoverAsync();
        await Assertions.Expect(adaOnCanvas.Locator(".mud-tooltip", new() { HasText = "Bo Founder" })).ToBeVisibleAsync();
        await adaOnCanvas.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "presence-canvas.png") });

        // Bo moves to the risks: he leaves Ada's canvas and joins her on the risks.
        await bo.Locator("[data-testid=tool-risks]").ClickAsync();
        await Assertions.Expect(adaOnCanvas.Locator("[data-testid=page-viewer]")).ToHaveCountAsync(0);
        await Assertions.Expect(adaOnRisks.Locator("[data-testid=page-viewer]")).ToHaveTextAsync("B");

        await bo.CloseAsync();
        await Assertions.Expect(adaOnRisks.Locator("[data-testid=page-viewer]")).ToHaveCountAsync(0);
    }

    private async Task<IPage> OpenAsync(string email, string address)
    {
        var page = await server.LogInAsync(email);
        await page.GotoAsync(address);
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    private async Task CreateRiskAsync(string title)
    {
        var owner = await server.UserIdAsync("founder.a@portal.local");
        var workspace = (await server.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner, "loomsight"))!;
        await server.Services.GetRequiredService<RiskService>().CreateAsync(owner, workspace.WorkspaceId, new RiskInput(
            RiskCategory.Team, title, "", 2, 3, owner, "Keep a second supplier", DateOnly.FromDateTime(DateTime.Today).AddDays(30), RiskStatus.Open, 1, 2));
    }
}
