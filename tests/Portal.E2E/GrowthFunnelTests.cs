using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The customers and channels tool's growth funnel and unit economics, typed through the page, in both languages and themes.</summary>
public sealed class GrowthFunnelTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";

    [Fact]
    public async Task Build_a_funnel_and_see_its_weakest_step()
    {
        var consoleErrors = new List<string>();
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        await OpenTabAsync(ada, "market-funnel-tab");
        var funnel = ada.Locator("[data-testid=growth-funnel]");
        await Assertions.Expect(funnel.Locator("[data-testid=funnel-stage]")).ToHaveCountAsync(5);

        // 1,000 → 400 → 200 → 50 → 20: 40%, 50%, 25%, 40%; retention → revenue is the weakest step.
        foreach (var (stage, number) in new[] { ("Acquisition", "1000"), ("Activation", "400"), ("Retention", "200"), ("Revenue", "50"), ("Referral", "20") })
        {
            await Input(funnel, $"funnel-count-{stage}").FillAsync(number);
        }

        await Assertions.Expect(funnel.Locator("[data-testid=funnel-chart] .main-svg").First).ToBeVisibleAsync();
        await Assertions.Expect(funnel.Locator("[data-testid=funnel-weakest]")).ToHaveTextAsync("Weakest step: Retention → Revenue, converting 25%.");
        await Assertions.Expect(funnel.Locator("[data-testid=funnel-step][data-weakest=true]")).ToHaveAttributeAsync("data-from", "Retention");
        await funnel.Locator("[data-testid=funnel-save]").ClickAsync();
        await Assertions.Expect(ada.Locator(".mud-snackbar", new() { HasText = "Saved." })).ToBeVisibleAsync();

        // Stored: a new page shows the same funnel and the same weakest step.
        await ada.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await OpenTabAsync(ada, "market-funnel-tab");
        await Assertions.Expect(Input(funnel, "funnel-count-Revenue")).ToHaveValueAsync("50");
        await Assertions.Expect(funnel.Locator("[data-testid=funnel-weakest]")).ToHaveAttributeAsync("data-weakest-from", "Retention");

        // The unit economics with an entered CAC of $900: LTV/CAC below 3 and payback over 18 months are warned about.
        await OpenTabAsync(ada, "market-economics-tab");
        var economics = ada.Locator("[data-testid=unit-economics]");
        await Input(economics, "economics-price").FillAsync("50");
        await Input(economics, "economics-margin").FillAsync("80");
        await Input(economics, "economics-inference").FillAsync("2.5");
        await Input(economics, "economics-churn").FillAsync("5");
        await economics.Locator("[data-testid=economics-cac-entered]").ClickAsync();
        await Input(economics, "economics-cac").FillAsync("900");
        await Assertions.Expect(economics.Locator("[data-testid=economics-warning-ltv-cac]")).ToBeVisibleAsync();
        await Assertions.Expect(economics.Locator("[data-testid=economics-warning-payback]")).ToBeVisibleAsync();
        await Assertions.Expect(economics.Locator("[data-testid=economics-formula-payback]")).ToHaveTextAsync("Payback months = CAC ÷ monthly gross profit = $900.00 ÷ $37.50 = 24 months");
        await Assertions.Expect(economics.Locator("[data-testid=economics-chart] .main-svg").First).ToBeVisibleAsync();
        await economics.Locator("[data-testid=economics-save]").ClickAsync();
        await Assertions.Expect(ada.Locator(".mud-snackbar", new() { HasText = "Saved." }).First).ToBeVisibleAsync();
        await ada.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the page never scrolls sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await OpenAsync(Ada, culture, theme, consoleErrors);
                foreach (var width in new[] { 1366, 390 })
                {
                    await page.SetViewportSizeAsync(width, 860);
                    await page.GotoAsync("w/loomsight/market");
                    await PortalServer.WaitUntilInteractiveAsync(page);
                    foreach (var tab in new[] { "funnel", "economics" })
                    {
                        await OpenTabAsync(page, $"market-{tab}-tab");
                        var chart = tab == "funnel" ? "funnel-chart" : "economics-chart";
                        await Assertions.Expect(page.Locator($"[data-testid={chart}] .main-svg").First).ToBeVisibleAsync();
                        // A chart drawn while its tab was hidden takes the tab's width once it opens (before the
                        // screenshot, whose full-page capture resizes the window and would hide the fault).
                        Assert.Null(await VisualSweepTests.OverflowOnceChartsSettleAsync(page));
                        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"growth-{tab}-{culture}-{theme}-{width}.png"), FullPage = true });
                    }

                    await Assertions.Expect(page.Locator("[data-testid=funnel-weakest]")).ToHaveAttributeAsync("data-weakest-from", "Retention");
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
        await page.GotoAsync("w/loomsight/market");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// Opens a tab of the page by its test id, whether the page put it on the tab itself or on its panel (MudBlazor
    /// gives a panel's attributes to the panel, which names its tab by <c>aria-labelledby</c>).
    /// </summary>
    private static async Task OpenTabAsync(IPage page, string testId)
    {
        var marked = page.Locator($"[data-testid={testId}]").First;
        var tab = await marked.GetAttributeAsync("role") == "tabpanel" ? page.Locator($"[id='{await marked.GetAttributeAsync("aria-labelledby")}']") : marked;
        await tab.ClickAsync();
    }

    /// <summary>A MudBlazor field's input, wherever the field put its test id.</summary>
    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
