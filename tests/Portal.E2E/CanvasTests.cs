using Microsoft.Playwright;

namespace Portal.E2E;

public sealed class CanvasTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_note_added_and_dragged_to_another_block_stays_there_after_a_reload()
    {
        var consoleErrors = new List<string>();
        var page = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
        await page.GotoAsync("w/loomsight/canvas");
        await PortalServer.WaitUntilCanvasAddBoxesReadyAsync(page);

        var text = $"Mills with 10-50 looms {Guid.NewGuid():N}"[..30];
        await page.Locator("[data-testid=add-Channels]").FillAsync(text);
        await page.Locator("[data-testid=add-Channels]").PressAsync("Enter");
        var note = page.Locator("[data-testid=block-Channels] [data-testid=canvas-note]", new() { HasText = text });
        await Assertions.Expect(note).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=canvas-completeness]")).ToContainTextAsync("1 / 9");

        await note.DragToAsync(page.Locator("[data-testid=block-CustomerSegments] .mud-drop-zone"));
        await Assertions.Expect(page.Locator("[data-testid=block-CustomerSegments] [data-testid=canvas-note]", new() { HasText = text })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=block-CustomerSegments] [data-testid=canvas-note]", new() { HasText = text })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=block-Channels] [data-testid=canvas-note]", new() { HasText = text })).ToHaveCountAsync(0);

        // The same move by keyboard-reachable menu: back to Channels.
        var moved = page.Locator("[data-testid=block-CustomerSegments] [data-testid=canvas-note]", new() { HasText = text });
        await moved.Locator("[data-testid=note-move] button").First.ClickAsync();
        await page.Locator("[data-testid=move-to-Channels]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=block-Channels] [data-testid=canvas-note]", new() { HasText = text })).ToBeVisibleAsync();

        await page.Locator("[data-testid=canvas-credit]").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "canvas.png"), FullPage = true });
        // The assembled plan shows the note too.
        await page.Locator("[data-testid=tool-plan]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-canvas]")).ToContainTextAsync(text);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "plan.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }
}
