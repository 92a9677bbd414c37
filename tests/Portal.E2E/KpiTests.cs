using System.Globalization;
using Microsoft.Playwright;

namespace Portal.E2E;

public sealed class KpiTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea").First;

    [Fact]
    public async Task A_kpi_with_an_implausible_target_is_flagged_and_its_measurements_are_charted_against_the_plan()
    {
        var consoleErrors = new List<string>();
        var ada = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
        await ada.GotoAsync("w/loomsight/kpis");
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await Assertions.Expect(ada.Locator("[data-testid=kpi-guide-link]")).ToHaveAttributeAsync("href", "guide/planning-and-smart-kpis");

        // Specific
        await ada.Locator("[data-testid=kpi-new]").ClickAsync();
        var name = $"Paying mills {Guid.NewGuid():N}"[..20];
        await Field(ada, "kpi-name").FillAsync(name);
        await Field(ada, "kpi-unit").FillAsync("mills");
        await ada.Locator("[data-testid=kpi-next]").ClickAsync();

        // Measurable: 20 to 200 is tenfold.
        await Field(ada, "kpi-baseline").FillAsync("20");
        await Field(ada, "kpi-target").FillAsync("200");
        await ada.Locator("[data-testid=kpi-direction-increase] input, input[data-testid=kpi-direction-increase]").First.DispatchEventAsync("click");
        await ada.Locator("[data-testid=kpi-next]").ClickAsync();

        // Achievable: tenfold in three months needs over 100% a month.
        var warning = ada.Locator("[data-testid=kpi-pace-warning]");
        await Assertions.Expect(warning).ToBeVisibleAsync();
        // The dates come later (T): the pace says which period it assumed.
        await Assertions.Expect(ada.Locator("[data-testid=kpi-pace-assumed]")).ToContainTextAsync(Day(0));
        await Assertions.Expect(warning).ToContainTextAsync("%");
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpis-builder-warning.png"), FullPage = true });
        await Field(ada, "kpi-achievable").FillAsync("A distributor signed for 150 mills.");
        await ada.Locator("[data-testid=kpi-next]").ClickAsync();

        // Relevant (the owner is the author by default), then Time-bound: started two months ago, due in a month.
        await Field(ada, "kpi-relevant").FillAsync("Revenue grows with mills.");
        await ada.Locator("[data-testid=kpi-next]").ClickAsync();
        await Field(ada, "kpi-start").FillAsync(Day(-60));
        await Field(ada, "kpi-deadline").FillAsync(Day(30));
        await Assertions.Expect(warning).ToBeVisibleAsync();
        await ada.Locator("[data-testid=kpi-save]").ClickAsync();

        await Assertions.Expect(ada.Locator("[data-testid=kpi-title]")).ToHaveTextAsync(name);
        await Assertions.Expect(ada.Locator("[data-testid=kpi-status]").First).ToHaveAttributeAsync("data-status", "NoData");
        await Assertions.Expect(ada.Locator("[data-testid=kpi-definition] [data-testid=kpi-pace-warning]")).ToBeVisibleAsync();
        // Before any measurement the chart already draws the planned path from baseline to target.
        await Assertions.Expect(ada.Locator("[data-testid=kpi-chart] .scatterlayer .trace path.js-line").First).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M.+L"));
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpi-no-measurements.png"), FullPage = true });

        // A teammate keeps the KPI open and sees the measurements arrive.
        var bo = await server.LogInAsync("founder.b@portal.local");
        await bo.GotoAsync(ada.Url);
        await PortalServer.WaitUntilInteractiveAsync(bo);
        await Assertions.Expect(bo.Locator("[data-testid=measurements-empty]")).ToBeVisibleAsync();

        // Pasted CSV: three good lines and one bad one, reported by its number.
        await ada.Locator("[data-testid=kpi-import-toggle]").ClickAsync();
        await Field(ada, "kpi-import-text").FillAsync($"date,value\n{Day(-45)},38\n{Day(-30)},70\nyesterday,75\n{Day(-15)},95");
        await ada.Locator("[data-testid=kpi-import]").ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=kpi-import-error]")).ToHaveCountAsync(1);
        await Assertions.Expect(ada.Locator("[data-testid=kpi-import-error]")).ToContainTextAsync("4");
        await Assertions.Expect(ada.Locator("[data-testid=measurement-row]")).ToHaveCountAsync(3);

        // And one by the form, for today: the plan today is 140, so 112 is 15.6% behind.
        await Field(ada, "measurement-date").FillAsync(Day(0));
        await Field(ada, "measurement-value").FillAsync("112");
        await ada.Locator("[data-testid=measurement-add]").ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=measurement-row]")).ToHaveCountAsync(4);
        await Assertions.Expect(ada.Locator("[data-testid=kpi-status]").First).ToHaveAttributeAsync("data-status", "OffTrack");

        await Assertions.Expect(ada.Locator("[data-testid=kpi-chart] .main-svg").First).ToBeVisibleAsync();
        await Assertions.Expect(ada.Locator("[data-testid=kpi-chart] .scatterlayer .trace")).ToHaveCountAsync(2);
        await Assertions.Expect(bo.Locator("[data-testid=measurement-row]")).ToHaveCountAsync(4);
        await Assertions.Expect(bo.Locator("[data-testid=kpi-status]").First).ToHaveAttributeAsync("data-status", "OffTrack");
        // The app bar is fixed: from the top, a full-page screenshot shows it where it belongs.
        await ada.Mouse.WheelAsync(0, -10000);
        await Assertions.Expect(ada.Locator("[data-testid=kpi-title]")).ToBeInViewportAsync();
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpis.png"), FullPage = true });

        // The overview lists it with its status and a sparkline.
        await ada.GotoAsync("w/loomsight/kpis");
        await PortalServer.WaitUntilInteractiveAsync(ada);
        var row = ada.Locator("[data-testid=kpi-row]", new() { HasText = name });
        await Assertions.Expect(row.Locator("[data-testid=kpi-status]")).ToHaveAttributeAsync("data-status", "OffTrack");
        await Assertions.Expect(row.Locator("[data-testid=kpi-sparkline] polyline")).ToHaveCountAsync(2);
        var download = await ada.RunAndWaitForDownloadAsync(() => ada.Locator("[data-testid=kpi-export]").ClickAsync());
        Assert.EndsWith("kpis.csv", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(name, csv, StringComparison.Ordinal);
        Assert.Contains(",OffTrack,", csv, StringComparison.Ordinal);
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpis-overview.png"), FullPage = true });

        Assert.Empty(consoleErrors);
    }
}
