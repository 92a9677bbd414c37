using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Competitors;

namespace Portal.E2E;

/// <summary>
/// The competitors page's comparison matrix: a founder adds a row and fills its cells, a teammate sees it live and a
/// stale cell shows both choices; sorting and hiding; in both languages and themes, at a laptop's and a phone's width.
/// </summary>
public sealed class ComparisonMatrixTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";
    private const string Slug = "loomsight";

    [Fact]
    public async Task A_founder_fills_the_matrix_a_teammate_sees_it_live_sorting_and_hiding_work_and_it_fits_a_phone()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (us, rival) = await CompaniesAsync(tag);
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);

        // Ada adds two rows; Bo's open page shows them without a reload.
        foreach (var name in new[] { $"Voice input {tag}", $"Offline mode {tag}" })
        {
            await Input(ada, "comparison-new-row").FillAsync(name);
            await ada.Locator("[data-testid=comparison-add-row]").ClickAsync();
            await Assertions.Expect(Row(ada, name)).ToBeVisibleAsync();
        }

        await Assertions.Expect(Row(bo, $"Offline mode {tag}")).ToBeVisibleAsync();

        // The own company's column comes first, marked.
        var ownHeader = ada.Locator($"[data-testid=comparison-company][data-company-id='{us}']");
        await Assertions.Expect(ownHeader).ToHaveAttributeAsync("data-own", "true");
        await Assertions.Expect(ownHeader.Locator("[data-testid=comparison-own-mark]")).ToBeVisibleAsync();

        // Ada: the rival does voice input partly, with a note that becomes the chip's tooltip.
        await Cell(ada, $"Voice input {tag}", rival).ClickAsync();
        await ada.Locator("[data-testid=comparison-cell-kind]").SelectOptionAsync("partial");
        await ada.Locator("textarea[data-testid=comparison-cell-note], [data-testid=comparison-cell-note] textarea").FillAsync("English only");
        await ada.Locator("[data-testid=comparison-cell-save]").ClickAsync();
        await Assertions.Expect(Cell(ada, $"Voice input {tag}", rival)).ToHaveAttributeAsync("data-kind", "partial");
        await Assertions.Expect(Cell(bo, $"Voice input {tag}", rival)).ToHaveAttributeAsync("title", "English only");

        // Both open the same unknown cell; Bo saves "no" first, and Ada's "yes" is kept beside his until she applies it.
        await Cell(ada, $"Offline mode {tag}", rival).ClickAsync();
        await ada.Locator("[data-testid=comparison-cell-kind]").SelectOptionAsync("yes");
        await Cell(bo, $"Offline mode {tag}", rival).ClickAsync();
        await bo.Locator("[data-testid=comparison-cell-kind]").SelectOptionAsync("no");
        await bo.Locator("[data-testid=comparison-cell-save]").ClickAsync();
        await Assertions.Expect(Cell(ada, $"Offline mode {tag}", rival)).ToHaveAttributeAsync("data-kind", "no");
        await ada.Locator("[data-testid=comparison-cell-save]").ClickAsync();
        var conflict = ada.Locator("[data-testid=comparison-cell-conflict]");
        await Assertions.Expect(conflict).ToContainTextAsync("\"No\"");
        await Assertions.Expect(ada.Locator("[data-testid=comparison-cell-kind]")).ToHaveValueAsync("yes");
        await conflict.Locator("[data-testid=conflict-apply-mine]").ClickAsync();
        await Assertions.Expect(Cell(bo, $"Offline mode {tag}", rival)).ToHaveAttributeAsync("data-kind", "yes");

        // Sorted by the rival's column, yes comes before partial.
        await ada.Locator("[data-testid=comparison-sort]").SelectOptionAsync($"company:{rival}");
        await Assertions.Expect(ada.Locator("[data-testid=comparison-row-name]").First).ToHaveTextAsync($"Offline mode {tag}");

        // Hidden, a row leaves the matrix until the switch shows it again.
        await Row(ada, $"Voice input {tag}").Locator("[data-testid=comparison-row-name]").ClickAsync();
        await ada.Locator("[data-testid=comparison-row-hide]").ClickAsync();
        await Assertions.Expect(Row(ada, $"Voice input {tag}")).ToHaveCountAsync(0);
        await Assertions.Expect(Row(bo, $"Voice input {tag}")).ToHaveCountAsync(0);
        await bo.Locator("input[data-testid=comparison-show-hidden], [data-testid=comparison-show-hidden] input").CheckAsync();
        await Assertions.Expect(Row(bo, $"Voice input {tag}")).ToHaveAttributeAsync("data-hidden", "true");

        // A pasted CSV adds a row (the unknown column is named in the report) and Bo sees it arrive.
        await ada.Locator("[data-testid=comparison-import-toggle]").ClickAsync();
        await ada.Locator("textarea[data-testid=comparison-import-paste], [data-testid=comparison-import-paste] textarea")
            .FillAsync($"attribute;Rival {tag};Nobody {tag}\nPrice {tag};$20 a month;x\n");
        await ada.Locator("[data-testid=comparison-import-run]").ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=comparison-import-summary]")).ToContainTextAsync("1 rows added");
        await Assertions.Expect(ada.Locator("[data-testid=comparison-import-unknown]")).ToContainTextAsync($"Nobody {tag}");
        await Assertions.Expect(Cell(bo, $"Price {tag}", rival)).ToContainTextAsync("$20 a month");

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the page never scrolls sideways, the matrix does inside its box.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await OpenAsync(Ada, culture, theme, consoleErrors);
                foreach (var width in new[] { 1366, 390 })
                {
                    await page.SetViewportSizeAsync(width, 860);
                    await page.GotoAsync($"w/{Slug}/competitors");
                    await PortalServer.WaitUntilInteractiveAsync(page);
                    await page.Locator("[data-testid=competitors-matrix-tab]").ClickAsync();
                    await Assertions.Expect(Row(page, $"Offline mode {tag}")).ToBeVisibleAsync();
                    await Cell(page, $"Offline mode {tag}", rival).ClickAsync();
                    await Assertions.Expect(page.Locator("[data-testid=comparison-cell-editor]")).ToBeVisibleAsync();
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"comparison-matrix-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
                }

                await page.Context.CloseAsync();
            }
        }

        Assert.Empty(consoleErrors);
    }

    /// <summary>
    /// The companies are the competitors tool's rows, put here straight into the database: the team's own (unless the
    /// workspace has one already) and a rival, both named with the test's tag.
    /// </summary>
    private async Task<(Guid Us, Guid Rival)> CompaniesAsync(string tag)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspaceId = await db.Workspaces.Where(w => w.Slug == Slug).Select(w => w.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var us = await db.Set<Competitor>().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.IsOwnCompany);
        if (us is null)
        {
            us = new Competitor { WorkspaceId = workspaceId, Name = $"Loomsight {tag}", IsOwnCompany = true, CreatedAt = now, UpdatedAt = now };
            db.Add(us);
        }

        var position = await db.Set<Competitor>().CountAsync(c => c.WorkspaceId == workspaceId);
        var rival = new Competitor { WorkspaceId = workspaceId, Name = $"Rival {tag}", Position = position + 1, CreatedAt = now, UpdatedAt = now };
        db.Add(rival);
        await db.SaveChangesAsync();
        return (us.Id, rival.Id);
    }

    private async Task<IPage> OpenAsync(string email, string culture, string theme, List<string> consoleErrors)
    {
        var page = await server.SignedInPageAsync(email, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
        ]);
        await page.GotoAsync($"w/{Slug}/competitors");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=competitors-matrix-tab]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=comparison-panel]")).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Row(IPage page, string name) =>
        page.Locator("[data-testid=comparison-row]", new() { Has = page.Locator("[data-testid=comparison-row-name]", new() { HasText = name }) });

    private static ILocator Cell(IPage page, string row, Guid company) => Row(page, row).Locator($"[data-testid=comparison-cell][data-company-id='{company}']");

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
