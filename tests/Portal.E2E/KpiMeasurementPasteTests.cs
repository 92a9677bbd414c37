using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Kpis;

namespace Portal.E2E;

/// <summary>Issue 12, finding 6: a paste as long as the measurements box allows keeps the page connected and is read.</summary>
public sealed class KpiMeasurementPasteTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";

    [Fact]
    public async Task Twenty_five_thousand_characters_of_csv_are_pasted_and_imported_without_losing_the_connection()
    {
        var page = await OpenKpiAsync(await CreateKpiAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = new StringBuilder("date,value\n");
        for (var day = 0; csv.Length < 25_000 - 100; day++)
        {
            // Long numbers keep the line count under the KPI's limit on measurements while the paste reaches its length.
            csv.Append(today.AddDays(-day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(",12345.678901234567890123456789\n");
        }

        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var text = csv.Append(new string('x', 25_000 - csv.Length)).ToString();
        Assert.True(lines < KpiMeasurement.MaxPerKpi);
        await Box(page).FillAsync(text);
        // The button comes on once the server has the text: the paste reached it.
        await Assertions.Expect(page.Locator("[data-testid=kpi-import]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=kpi-import]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=kpi-import-result]")).ToContainTextAsync($" {lines} ");
        await Assertions.Expect(page.Locator("[data-testid=kpi-import-error]")).ToHaveCountAsync(1);
        // A paste with a bad line stays in the box to be corrected.
        await Assertions.Expect(Box(page)).ToHaveValueAsync(text);
    }

    [Fact]
    public async Task Chinese_text_up_to_the_box_s_limit_stays_connected_survives_a_reload_and_is_read()
    {
        var page = await OpenKpiAsync(await CreateKpiAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // About 90 KB as UTF-8, with quotes that JSON escapes: three times Blazor's default limit on one message.
        var start = $"日期,数值\n{today},42\n\"";
        var text = start + new string('增', KpiCsv.MaxPasteLength - start.Length);

        await Box(page).FillAsync(text + "多出来的");
        // The box takes no more than the limit it states, and the server accepts what it took.
        await Assertions.Expect(Box(page)).ToHaveValueAsync(text);
        await Assertions.Expect(page.Locator("[data-testid=kpi-import]")).ToBeEnabledAsync();

        // The browser kept the text as a draft; after a reload the page brings it back through the circuit.
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(Box(page)).ToHaveValueAsync(text);
        await page.Locator("[data-testid=kpi-import]").ClickAsync();

        var result = page.Locator("[data-testid=kpi-import-result]");
        await Assertions.Expect(result).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=measurement-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=kpi-import-error]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Characters_that_json_escapes_to_six_bytes_each_still_reach_the_server_at_the_box_s_limit()
    {
        var page = await OpenKpiAsync(await CreateKpiAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The worst case for the transport: each control character travels as \u0001, about 180 KB in all.
        var start = $"date,value\n{today},7\n";
        var text = start + new string('\u0001', KpiCsv.MaxPasteLength - start.Length);

        await Box(page).FillAsync(text);
        await Assertions.Expect(page.Locator("[data-testid=kpi-import]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=kpi-import]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=measurement-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=kpi-import-error]")).ToHaveCountAsync(1);
    }

    private static ILocator Box(IPage page) => page.Locator("[data-testid=kpi-import-text] textarea, textarea[data-testid=kpi-import-text]").First;

    private async Task<IPage> OpenKpiAsync(Guid kpi)
    {
        var page = await server.LogInAsync(Ada);
        await page.GotoAsync($"w/loomsight/kpis/{kpi}");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=kpi-import-toggle]").ClickAsync();
        await Box(page).WaitForAsync();
        return page;
    }

    private async Task<Guid> CreateKpiAsync()
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspace = await db.Workspaces.Where(w => w.Slug == "loomsight").Select(w => w.Id).SingleAsync();
        var ada = await db.Users.Where(u => u.Email == Ada).Select(u => u.Id).SingleAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var input = new KpiInput($"Paste {Guid.NewGuid():N}"[..14], "mills", 20, 60, KpiDirection.Increase, today.AddDays(-30), today.AddMonths(4),
            "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", null, null, ada);
        return (await server.Services.GetRequiredService<KpiService>().CreateAsync(ada, workspace, input)).Id;
    }
}
