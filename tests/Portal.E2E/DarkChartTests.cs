using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Kpis;
using Portal.Features.Risks;

namespace Portal.E2E;

public sealed class DarkChartTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static readonly (string Suffix, int Width)[] Screens = [("", 1366), ("-phone", 390)];

    [Fact]
    public async Task Charts_on_the_risk_and_kpi_pages_draw_light_labels_in_the_dark_theme_and_dark_ones_in_the_light()
    {
        var (workspace, ada) = await DemoIdsAsync();
        var risks = server.Services.GetRequiredService<RiskService>();
        foreach (var (title, likelihood, impact) in new[] { ("Vendor stops shipping", 4, 5), ("Mill churn", 3, 4), ("Slow payments", 3, 4), ("Camera glare", 3, 4), ("Typo in the manual", 1, 2) })
        {
            await risks.CreateAsync(ada, workspace, new RiskInput(RiskCategory.MarketCompetition, title, "", likelihood, impact, ada, "", null, RiskStatus.Open, 1, 1));
        }

        var kpis = server.Services.GetRequiredService<KpiService>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var kpi = await kpis.CreateAsync(ada, workspace, new KpiInput("Paying mills", "mills", 20, 60, KpiDirection.Increase, today.AddDays(-60), today.AddMonths(2),
            "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", null, null, ada));
        foreach (var (days, value) in new[] { (-50, 22.0), (-30, 28.0), (-10, 33.0) })
        {
            await kpis.AddMeasurementAsync(ada, workspace, kpi.Id, today.AddDays(days), value);
        }

        // The light pages in Chinese, the default, whose labels are the ones that broke a character a line on a phone.
        foreach (var (theme, culture) in new[] { ("dark", "en"), ("light", "zh-CN") })
        {
            var consoleErrors = new List<string>();
            var page = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
            await page.Context.AddCookiesAsync(
            [
                new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
                new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
            ]);
            foreach (var (suffix, width) in Screens)
            {
                await page.SetViewportSizeAsync(width, 860);
                await ShowAsync(page, "w/loomsight/risks", "[data-testid=risk-heatmap]", theme, $"risks-{theme}{suffix}.png");
                var toggle = await page.Locator("[data-testid=risk-map-mode]").BoundingBoxAsync();
                Assert.True(toggle is { Height: < 48 }, $"The inherent/residual switch is {toggle?.Height} px high at {width} px: its labels wrap.");
                await ShowAsync(page, $"w/loomsight/kpis/{kpi.Id}", "[data-testid=kpi-chart]", theme, $"kpi-{theme}{suffix}.png");
            }

            Assert.Empty(consoleErrors);
        }
    }

    /// <summary>Opens the page, waits for the chart, saves a screenshot and checks the colour Plotly gave the x axis's tick labels.</summary>
    private static async Task ShowAsync(IPage page, string url, string chart, string theme, string screenshot)
    {
        await page.GotoAsync(url);
        await PortalServer.WaitUntilInteractiveAsync(page);
        var tick = page.Locator($"{chart} .xtick text").First;
        await tick.WaitForAsync();
        // A phone's whole page is too long to look at; its first screen holds the chart.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, screenshot), FullPage = page.ViewportSize is { Width: > 600 } });
        await page.Locator(chart).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, screenshot.Replace(".png", "-chart.png", StringComparison.Ordinal)) });

        var fill = await tick.EvaluateAsync<string>("e => e.style.fill");
        var luminance = Luminance(fill);
        Assert.True(theme == "dark" ? luminance > 0.4 : luminance < 0.2, $"{url} in the {theme} theme draws its tick labels in {fill}");
    }

    /// <summary>WCAG 2's relative luminance of a CSS colour as "rgb(r, g, b)" or "#rrggbb" (Plotly writes either).</summary>
    private static double Luminance(string colour)
    {
        double[] channels = colour.StartsWith('#')
            ? [.. Enumerable.Range(0, 3).Select(i => (double)int.Parse(colour.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))]
            : colour[(colour.IndexOf('(', StringComparison.Ordinal) + 1)..colour.IndexOf(')', StringComparison.Ordinal)].Split(',').Take(3).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var linear = channels.Select(c => c / 255.0).Select(c => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    }

    private async Task<(Guid Workspace, string Ada)> DemoIdsAsync()
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspace = await db.Workspaces.Where(w => w.Slug == DemoSeeder.WorkspaceSlug).Select(w => w.Id).SingleAsync();
        var ada = await db.Users.Where(u => u.Email == DemoSeeder.FounderAEmail).Select(u => u.Id).SingleAsync();
        return (workspace, ada);
    }
}
