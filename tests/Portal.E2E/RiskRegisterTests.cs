using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

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

    [Fact]
    public async Task At_laptop_width_the_edit_buttons_and_every_column_fit_without_a_sideways_scroll()
    {
        var workspaces = server.Services.GetRequiredService<WorkspaceService>();
        var owner = await server.UserIdAsync("founder.a@portal.local");
        var workspace = (await workspaces.GetAccessAsync(owner, "loomsight"))!;
        await server.Services.GetRequiredService<RiskService>().CreateAsync(owner, workspace.WorkspaceId, new RiskInput(
            RiskCategory.MarketCompetition, $"A foundation model vendor ships our core feature for free {Guid.NewGuid():N}"[..70], "", 3, 4, owner,
            "Differentiate on workflow", DateOnly.FromDateTime(DateTime.Today).AddDays(30), RiskStatus.Mitigating, 2, 3));
        var page = await server.LogInAsync("founder.a@portal.local");
        await page.SetViewportSizeAsync(1366, 768);
        await page.GotoAsync("w/loomsight/risks");
        await PortalServer.WaitUntilInteractiveAsync(page);

        var edit = page.Locator("[data-testid=risk-edit]").First;
        await Assertions.Expect(edit).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "risks-1366.png"), FullPage = true });
        var button = (await edit.BoundingBoxAsync())!;
        Assert.True(button.X + button.Width <= 1366, $"The edit button ends at x={button.X + button.Width}.");

        // A message after an action stays clear of the app bar's bell and sign-out button.
        await page.Locator("[data-testid=starter-ApiDependency]").ClickAsync();
        var message = page.Locator(".mud-snackbar").First;
        await Assertions.Expect(message).ToBeVisibleAsync();
        var messageBox = (await message.BoundingBoxAsync())!;
        foreach (var control in new[] { "[data-testid=notifications-button]", "[data-testid=logout]" })
        {
            var box = (await page.Locator(control).First.BoundingBoxAsync())!;
            var overlaps = box.X < messageBox.X + messageBox.Width && messageBox.X < box.X + box.Width
                && box.Y < messageBox.Y + messageBox.Height && messageBox.Y < box.Y + box.Height;
            Assert.False(overlaps, $"The message covers {control}.");
        }

        var overflow = await page.EvaluateAsync<int>("() => { const c = document.querySelector('[data-testid=risk-grid] .mud-table-container'); return c.scrollWidth - c.clientWidth; }");
        Assert.True(overflow <= 1, $"The grid scrolls sideways by {overflow} px.");
    }
}
