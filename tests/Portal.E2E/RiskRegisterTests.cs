using Microsoft.Playwright;

namespace Portal.E2E;

public sealed class RiskRegisterTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_new_risk_lands_in_its_heat_map_cell_and_choosing_the_cell_filters_the_grid()
    {
        var consoleErrors = new List<string>();
        var page = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
        await page.GotoAsync("w/loomsight/risks");
        await PortalServer.WaitUntilInteractiveAsync(page);

        await page.Locator("[data-testid=starter-ComputeCost]").ClickAsync();
        await page.Locator("[data-testid=risk-add]").ClickAsync();
        await page.Locator("input[data-testid=risk-title], [data-testid=risk-title] input").FillAsync("Camera vendor stops shipping");
        await page.Locator("input[data-testid=risk-likelihood], [data-testid=risk-likelihood] input").FillAsync("4");
        await page.Locator("input[data-testid=risk-impact], [data-testid=risk-impact] input").FillAsync("5");
        await page.Locator("input[data-testid=risk-residual-likelihood], [data-testid=risk-residual-likelihood] input").FillAsync("2");
        await page.Locator("[data-testid=risk-save]").ClickAsync();

        var grid = page.Locator("[data-testid=risk-grid]");
        await Assertions.Expect(grid).ToContainTextAsync("Camera vendor stops shipping");
        await Assertions.Expect(page.Locator("[data-testid=cell-4-5]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=cell-3-3]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=risk-heatmap] .main-svg").First).ToBeVisibleAsync();

        // The map's table of cells is the keyboard's way in; it shows itself once focus is inside it.
        await page.Locator("[data-testid=cell-4-5]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=risk-cell-filter]")).ToBeVisibleAsync();
        await Assertions.Expect(grid).ToContainTextAsync("Camera vendor stops shipping");
        await Assertions.Expect(grid).Not.ToContainTextAsync("推理算力成本");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "risks.png"), FullPage = true });

        // The residual map moves it to likelihood 2 × impact 3 (the form's residual impact was left at 3).
        await page.Locator("[data-testid=risk-map-mode] button").Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cell-2-3]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=cell-4-5]")).ToHaveTextAsync("");
        Assert.Empty(consoleErrors);
    }
}
