using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Sign-up cohorts pasted as CSV to a heat map and retention curves that a teammate sees live, in both languages and themes.</summary>
public sealed class RetentionTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    // Line 4 has more active users in m1 than the cohort has; the other three cohorts are kept.
    private const string Cohorts = "cohort,size,m0,m1,m2,m3\n2026-01,120,120,84,66,60\n2026-02,90,90,54,45\n2026-03,80,80,95\n2026-04,150,150,105\n2026-05,60,60\n";

    [Fact]
    public async Task A_founder_pastes_cohorts_with_one_bad_row_sees_the_line_reported_the_heat_map_and_the_curves_and_a_teammate_sees_them_live()
    {
        var consoleErrors = new List<string>();
        var name = $"Spring sign-ups {Guid.NewGuid().ToString("N")[..6]}";
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);

        var import = ada.Locator("[data-testid=retention-import]");
        await Assertions.Expect(import).ToContainTextAsync("cohort,size,m0,m1,m2");
        await Input(import, "retention-name").FillAsync(name);
        await import.Locator("textarea[data-testid=retention-paste], [data-testid=retention-paste] textarea").First.FillAsync(Cohorts);
        await import.Locator("[data-testid=retention-import-paste]").ClickAsync();

        var bad = ada.Locator("[data-testid=retention-bad-row]");
        await Assertions.Expect(bad).ToHaveCountAsync(1);
        await Assertions.Expect(bad).ToHaveAttributeAsync("data-line", "4");
        await Assertions.Expect(bad).ToHaveTextAsync("Line 4: “m1” has 95 active users, more than the cohort's 80");
        await Assertions.Expect(ada.Locator("[data-testid=retention-report-summary]")).ToHaveTextAsync($"Imported “{name}”: 4 cohorts.");

        var details = ada.Locator("[data-testid=retention-details]");
        await Assertions.Expect(details.Locator("[data-testid=retention-row]")).ToHaveCountAsync(4);
        await Assertions.Expect(details.Locator("[data-testid=retention-row][data-cohort='2026-01'] [data-testid=retention-cell]")).ToHaveTextAsync(["100%", "70%", "55%", "50%"]);
        // Month 1 over the three cohorts that reached it: (84 + 54 + 105) / 360 = 67.5 %.
        await Assertions.Expect(details.Locator("[data-testid=retention-average]").Nth(1)).ToHaveTextAsync("68%");
        await Assertions.Expect(details.Locator("[data-testid=retention-churn-value]")).ToContainTextAsync("Average monthly churn implied");
        await Assertions.Expect(ada.Locator("[data-testid=retention-chart] .main-svg").First).ToBeVisibleAsync();
        var setId = await details.GetAttributeAsync("data-set-id");

        // Bo, on the same tab, sees the set arrive.
        var boItem = bo.Locator($"[data-testid=retention-list-item][data-set-id='{setId}']");
        await Assertions.Expect(boItem).ToContainTextAsync(name);
        await Assertions.Expect(bo.Locator("[data-testid=retention-chart] .main-svg").First).ToBeVisibleAsync();
        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the page never scrolls sideways (the table scrolls in its box).
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
                    await OpenTabAsync(page);
                    await page.Locator($"[data-testid=retention-list-item][data-set-id='{setId}']").ClickAsync();
                    await Assertions.Expect(page.Locator($"[data-testid=retention-details][data-set-id='{setId}']")).ToBeVisibleAsync();
                    await Assertions.Expect(page.Locator("[data-testid=retention-chart] .main-svg").First).ToBeVisibleAsync();
                    // Drawn once its tab shows, the chart fits the screen (Plotly gives a chart drawn hidden 700 px).
                    var chart = await page.Locator("[data-testid=retention-chart] .main-svg").First.BoundingBoxAsync();
                    Assert.True(chart!.X + chart.Width <= width, $"The chart reaches {chart.X + chart.Width} px of {width}.");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"retention-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
                    Assert.Equal("[]", await AxeFindingsAsync(page));
                }

                await page.Context.CloseAsync();
            }
        }

        // Deleted, it leaves the list of an open page too.
        var owner = await OpenAsync(Ada, "en", "light", consoleErrors);
        var watcher = await OpenAsync(Bo, "en", "light", consoleErrors);
        await owner.Locator($"[data-testid=retention-list-item][data-set-id='{setId}']").ClickAsync();
        await owner.Locator("[data-testid=retention-delete]").ClickAsync();
        await Assertions.Expect(owner.Locator($"[data-testid=retention-list-item][data-set-id='{setId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(watcher.Locator($"[data-testid=retention-list-item][data-set-id='{setId}']")).ToHaveCountAsync(0);
        await owner.Context.CloseAsync();
        await watcher.Context.CloseAsync();

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
        await OpenTabAsync(page);
        return page;
    }

    /// <summary>Opens the retention tab (its test id is on the tab's label).</summary>
    private static async Task OpenTabAsync(IPage page)
    {
        await page.Locator("[data-testid=market-retention-tab]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=retention-panel]")).ToBeVisibleAsync();
    }

    /// <summary>The serious and critical axe findings on the page, as the visual sweep collects them (see <see cref="VisualSweepTests"/>).</summary>
    private static async Task<string> AxeFindingsAsync(IPage page)
    {
        await page.EvaluateAsync($"{VisualSweepTests.AxeSource.Value}\n;void 0");
        return await page.EvaluateAsync<string>(VisualSweepTests.AxeScript, VisualSweepTests.KnownExclusions.Select(e => new[] { e.Rule, e.Selector }).ToArray());
    }

    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
