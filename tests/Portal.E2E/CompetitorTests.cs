using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Competitors added through the page, seen live by a teammate, refused with the reason beside the field, in both languages and themes.</summary>
public sealed class CompetitorTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task A_founder_adds_three_competitors_with_their_facts_and_a_teammate_sees_each_arrive_live()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);
        var before = await ada.Locator("[data-testid=company-item]").CountAsync();

        var rivals = new[]
        {
            ($"Weavr {tag}", "https://weavr.example", "US$400 a loom a year", "https://weavr.example/pricing"),
            ($"Loomwatch {tag}", "https://loomwatch.example", "Free up to 5 looms", "Sales call"),
            ($"FabricEye {tag}", "", "On request", "Trade fair brochure"),
        };
        for (var i = 0; i < rivals.Length; i++)
        {
            var (name, website, pricing, source) = rivals[i];
            await ada.Locator("[data-testid=company-new]").ClickAsync();
            var form = ada.Locator("[data-testid=company-form]");
            await Input(form, "company-name").FillAsync(name);
            await Input(form, "company-website").FillAsync(website);
            await Input(form, "company-pricing").FillAsync(pricing);
            await Input(form.Locator("[data-testid=company-source][data-fact=Pricing]"), "company-source-text").FillAsync(source);
            await Assertions.Expect(form.Locator("[data-testid=company-unsaved]")).ToBeVisibleAsync();
            await form.Locator("[data-testid=company-save]").ClickAsync();
            await Assertions.Expect(form.Locator("[data-testid=company-unsaved]")).ToHaveCountAsync(0);
            await Assertions.Expect(ada.Locator("[data-testid=company-item]")).ToHaveCountAsync(before + i + 1);
            // Bo's open page shows it without a reload.
            await Assertions.Expect(bo.Locator("[data-testid=company-item]", new() { HasText = name })).ToBeVisibleAsync();
        }

        // Bo opens Weavr and reads the pricing with its source.
        await bo.Locator("[data-testid=company-item]", new() { HasText = rivals[0].Item1 }).ClickAsync();
        await Assertions.Expect(Input(bo.Locator("[data-testid=company-form]"), "company-pricing")).ToHaveValueAsync("US$400 a loom a year");

        // A website that is no address is refused beside it, and nothing else Ada typed is lost.
        await ada.Locator("[data-testid=company-new]").ClickAsync();
        var refused = ada.Locator("[data-testid=company-form]");
        await Input(refused, "company-name").FillAsync($"Threadly {tag}");
        await Input(refused, "company-website").FillAsync("threadly dot com");
        await Input(refused, "company-pricing").FillAsync("US$99 a month");
        await refused.Locator("[data-testid=company-save]").ClickAsync();
        await Assertions.Expect(refused).ToContainTextAsync("Enter a full address starting with http:// or https://.");
        await Assertions.Expect(Input(refused, "company-pricing")).ToHaveValueAsync("US$99 a month");
        await Assertions.Expect(ada.Locator("[data-testid=company-item]")).ToHaveCountAsync(before + 3);
        await refused.Locator("[data-testid=company-close]").ClickAsync();

        // The last one moves up a place: both pages show the new order.
        var last = rivals[2].Item1;
        await ada.Locator("[data-testid=company-item]", new() { HasText = last }).Locator("xpath=..").Locator("[data-testid=company-move-up]").ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=company-item]").Nth(before + 1)).ToContainTextAsync(last);

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the page never scrolls sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await OpenAsync(Ada, culture, theme, consoleErrors);
                foreach (var width in new[] { 1366, 390 })
                {
                    await page.SetViewportSizeAsync(width, 860);
                    await page.GotoAsync("w/loomsight/competitors");
                    await PortalServer.WaitUntilInteractiveAsync(page);
                    await page.Locator("[data-testid=company-item]", new() { HasText = rivals[0].Item1 }).ClickAsync();
                    await Assertions.Expect(page.Locator("[data-testid=company-form]")).ToBeVisibleAsync();
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"competitors-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
                    Assert.Equal("[]", await AxeFindingsAsync(page));
                    // The strategy tab, by position since its name is in the page's language.
                    await page.Locator("[data-testid=competitor-tabs] [role=tab] >> nth=3").ClickAsync();
                    await Assertions.Expect(page.Locator("[data-testid=strategy-panel]")).ToBeVisibleAsync();
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"competitors-strategy-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
                }

                await page.Context.CloseAsync();
            }
        }

        Assert.Empty(consoleErrors);
    }

    private async Task<IPage> OpenAsync(string email, string culture, string theme, List<string> consoleErrors)
    {
        var page = await server.SignedInPageAsync(email, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
        ]);
        await page.GotoAsync("w/loomsight/competitors");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>The serious and critical axe findings on the page, as the visual sweep collects them (see <see cref="VisualSweepTests"/>).</summary>
    private static async Task<string> AxeFindingsAsync(IPage page)
    {
        await page.EvaluateAsync($"{VisualSweepTests.AxeSource.Value}\n;void 0");
        return await page.EvaluateAsync<string>(VisualSweepTests.AxeScript, VisualSweepTests.KnownExclusions.Select(e => new[] { e.Rule, e.Selector }).ToArray());
    }

    /// <summary>A MudBlazor field's input, wherever the field put its test id.</summary>
    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
