using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

public sealed partial class GuideReadingTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_chapter_renders_its_diagrams_and_formulas_in_the_browser()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);

        await page.GotoAsync("guide/how-models-learn");
        await PortalServer.WaitUntilInteractiveAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre.mermaid svg").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] .math .katex").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre .copy-code").First).ToBeAttachedAsync();
        Assert.True(await page.Locator("[data-testid=chapter-body] .katex-display").CountAsync() >= 1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-chapter.png") });
        await page.Locator("[data-testid=chapter-body] pre.mermaid").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-diagram.png") });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Searching_the_app_bar_for_risk_lands_on_a_risk_chapter_at_its_heading()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("");
        await PortalServer.WaitUntilInteractiveAsync(page);

        await page.Locator("[data-testid=guide-search]").PressSequentiallyAsync("风险");
        var hits = page.Locator("[data-testid=guide-search-hit]");
        await Assertions.Expect(hits.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=guide-search]")).ToHaveValueAsync("风险");
        await Assertions.Expect(page.Locator("[data-testid=guide-search-results] mark").First).ToHaveTextAsync(RiskPattern());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-search.png") });
        await hits.First.ClickAsync();

        await page.WaitForURLAsync(RiskChapter());
        await Assertions.Expect(page.Locator("[data-testid=chapter-title]")).ToContainTextAsync("风险");
    }

    [GeneratedRegex("/guide/(technical|market)-risks")]
    private static partial Regex RiskChapter();

    [GeneratedRegex("风险?|险")]
    private static partial Regex RiskPattern();
}
