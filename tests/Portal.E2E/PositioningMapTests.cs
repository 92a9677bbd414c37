using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Competitors;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>Three competitors placed on a new positioning map through the page, seen on the chart, dragged, and seen live by a teammate.</summary>
public sealed class PositioningMapTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task A_founder_places_three_competitors_on_a_new_map_sees_them_and_the_gap_drags_one_and_a_teammate_sees_it_live()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var names = new[] { $"Alpha {tag}", $"Beta {tag}", $"Gamma {tag}" };
        var ids = await SeedCompaniesAsync(names);
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "dark", consoleErrors);

        // A new map from the suggested pair, renamed to be this run's own.
        var form = ada.Locator("[data-testid=positioning-new]");
        if (await form.GetAttributeAsync("open") is null)
        {
            await form.Locator("summary").ClickAsync();
        }

        await ada.Locator($"[data-testid=positioning-suggestion][data-code={PositioningAxisPairs.PriceQuality}]").ClickAsync();
        await Assertions.Expect(Input(ada, "positioning-new-x")).ToHaveValueAsync("Price");
        await Input(ada, "positioning-new-name").FillAsync($"Price vs quality {tag}");
        await ada.Locator("[data-testid=positioning-create]").ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=positioning-map-name]")).ToHaveTextAsync($"Price vs quality {tag}");
        var mapId = await ada.Locator("[data-testid=positioning-map]").GetAttributeAsync("data-map-id");

        // Bo sees the new map arrive and opens it.
        var boTab = bo.Locator($"[data-testid=positioning-map-tab][data-map-id='{mapId}']");
        await boTab.ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=positioning-map-name]")).ToHaveTextAsync($"Price vs quality {tag}");

        // Cheap and weak, dear and strong, middling: the gap is at low price and high quality.
        foreach (var (id, x, y) in new[] { (ids[0], "2", "2"), (ids[1], "9", "9"), (ids[2], "5", "4") })
        {
            var row = ada.Locator($"[data-testid=positioning-row][data-company-id='{id}']");
            await Input(row, "positioning-x").FillAsync(x);
            await Input(row, "positioning-y").FillAsync(y);
            await row.Locator("[data-testid=positioning-save]").ClickAsync();
            await Assertions.Expect(row).ToHaveAttributeAsync("data-placed", "true");
        }

        foreach (var page in new[] { ada, bo })
        {
            var chart = page.Locator("[data-testid=positioning-chart]");
            await Assertions.Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
            // Three labelled points (and the gap's own label).
            foreach (var name in names)
            {
                await Assertions.Expect(chart.Locator(".textpoint text", new() { HasText = name })).ToHaveCountAsync(1);
            }

            await Assertions.Expect(chart.Locator(".scatterlayer .trace").Nth(1).Locator("path.point")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("[data-testid=positioning-gap-text]")).ToHaveTextAsync("Nobody is at low Price / high Model quality.");
        }

        await Assertions.Expect(Input(bo.Locator($"[data-testid=positioning-row][data-company-id='{ids[2]}']"), "positioning-y")).ToHaveValueAsync("4");

        // Ada drags Alpha from (2, 2) to about (6, 3); the stored place moves, and Bo's table shows it.
        var (from, to) = await PointPixelsAsync(ada, ids[0], 6, 3);
        await ada.Mouse.MoveAsync(from.X, from.Y);
        await ada.Mouse.DownAsync();
        await ada.Mouse.MoveAsync((from.X + to.X) / 2, (from.Y + to.Y) / 2, new() { Steps = 4 });
        await ada.Mouse.MoveAsync(to.X, to.Y, new() { Steps = 4 });
        await ada.Mouse.UpAsync();
        // Polled: the drop is saved after the pointer is let go, through the circuit.
        var dragged = await StoredAsync(Guid.Parse(mapId!), ids[0]);
        for (var deadline = DateTime.UtcNow.AddSeconds(15); dragged is { X: 2, Y: 2 } && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            dragged = await StoredAsync(Guid.Parse(mapId!), ids[0]);
        }

        Assert.NotNull(dragged);
        Assert.InRange(dragged.Value.X, 5.5, 6.5);
        Assert.InRange(dragged.Value.Y, 2.5, 3.5);
        await Assertions.Expect(Input(bo.Locator($"[data-testid=positioning-row][data-company-id='{ids[0]}']"), "positioning-x"))
            .ToHaveValueAsync(dragged.Value.X.ToString(CultureInfo.InvariantCulture));

        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "positioning-en-light-1280.png"), FullPage = true });
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "positioning-en-dark-1280.png"), FullPage = true });
        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the map is drawn and the page never scrolls sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await OpenAsync(Ada, culture, theme, consoleErrors);
                foreach (var width in new[] { 1366, 390 })
                {
                    await page.SetViewportSizeAsync(width, 860);
                    await page.Locator($"[data-testid=positioning-map-tab][data-map-id='{mapId}']").ClickAsync();
                    await Assertions.Expect(page.Locator("[data-testid=positioning-chart] .main-svg").First).ToBeVisibleAsync();
                    await Assertions.Expect(page.Locator("[data-testid=positioning-gap-text]")).ToBeVisibleAsync();
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"positioning-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await VisualSweepTests.OverflowOnceChartsSettleAsync(page));
                    var findings = await AxeFindingsAsync(page);
                    Assert.True(findings == "[]", $"{culture} {theme} {width}: {findings}");
                }

                await page.Context.CloseAsync();
            }
        }

        Assert.Empty(consoleErrors);
    }

    /// <summary>Where a company's point is on screen, and where (<paramref name="x"/>, <paramref name="y"/>) would be, from the chart's own axes.</summary>
    private static async Task<((float X, float Y) From, (float X, float Y) To)> PointPixelsAsync(IPage page, Guid companyId, double x, double y)
    {
        var pixels = await page.Locator("[data-testid=positioning-chart]").EvaluateAsync<float[]>(
            """
            (host, [id, x, y]) => {
                const chart = host.querySelector('.js-plotly-plot');
                const [xa, ya] = [chart._fullLayout.xaxis, chart._fullLayout.yaxis];
                const box = chart.getBoundingClientRect();
                const trace = chart.data.find(t => Array.isArray(t.customdata) && t.customdata.includes(id));
                const i = trace.customdata.indexOf(id);
                const at = (px, py) => [box.left + xa._offset + xa.l2p(px), box.top + ya._offset + ya.l2p(py)];
                return [...at(trace.x[i], trace.y[i]), ...at(x, y)];
            }
            """,
            new object[] { companyId.ToString(), x, y });
        return ((pixels[0], pixels[1]), (pixels[2], pixels[3]));
    }

    private async Task<Guid[]> SeedCompaniesAsync(IReadOnlyList<string> names)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspaceId = await db.Set<Workspace>().Where(w => w.Slug == "loomsight").Select(w => w.Id).SingleAsync();
        var companies = names.Select((name, i) => new Competitor { WorkspaceId = workspaceId, Name = name, Position = 100 + i, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow }).ToList();
        db.AddRange(companies);
        await db.SaveChangesAsync();
        return [.. companies.Select(c => c.Id)];
    }

    private async Task<(double X, double Y)?> StoredAsync(Guid mapId, Guid companyId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var placement = await db.Set<MapPlacement>().AsNoTracking().SingleOrDefaultAsync(p => p.MapId == mapId && p.CompetitorId == companyId);
        return placement is null ? null : (placement.X, placement.Y);
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
        // The page's "Maps" tab, by its test id or else by its name.
        var tab = page.Locator("[data-testid=competitors-maps-tab]").Or(page.GetByRole(AriaRole.Tab, new() { Name = culture == "en" ? "Maps" : "定位图", Exact = true }));
        await tab.First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=positioning-panel]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=positioning-limits]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The serious and critical axe findings on the page, as the visual sweep collects them (see <see cref="VisualSweepTests"/>).</summary>
    private static async Task<string> AxeFindingsAsync(IPage page)
    {
        await page.EvaluateAsync($"{VisualSweepTests.AxeSource.Value}\n;void 0");
        return await page.EvaluateAsync<string>(VisualSweepTests.AxeScript, VisualSweepTests.KnownExclusions.Select(e => new[] { e.Rule, e.Selector }).ToArray());
    }

    /// <summary>A MudBlazor field's input, wherever the field put its test id.</summary>
    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
