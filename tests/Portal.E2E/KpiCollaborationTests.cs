using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Kpis;

namespace Portal.E2E;

/// <summary>Two people on one KPI at the same moment: nobody's values disappear without a word.</summary>
public sealed class KpiCollaborationTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task Simultaneous_saves_of_one_kpi_store_one_and_show_the_other_person_the_conflict_until_they_choose()
    {
        var kpi = await CreateKpiAsync($"Race {Guid.NewGuid():N}"[..13]);
        var (ada, bo) = (await OpenKpiAsync(Ada, kpi), await OpenKpiAsync(Bo, kpi));

        for (var round = 1; round <= 10; round++)
        {
            var (adaName, boName) = ($"Ada round {round}", $"Bo round {round}");
            await StartEditingAsync(ada, adaName);
            await StartEditingAsync(bo, boName);

            await Task.WhenAll(ada.Locator("[data-testid=kpi-save]").ClickAsync(), bo.Locator("[data-testid=kpi-save]").ClickAsync());

            // Exactly one save is stored; the other person keeps the form with their values and sees the stored ones.
            var (winner, loser, loserName, winnerName) = await WhoWonAsync(ada, bo, kpi, adaName, boName);
            await Assertions.Expect(winner.Locator("[data-testid=kpi-edit-panel]")).ToHaveCountAsync(0);
            var conflict = loser.Locator("[data-testid=conflict]");
            await Assertions.Expect(conflict).ToBeVisibleAsync();
            await Assertions.Expect(conflict.Locator("[data-testid=conflict-theirs-name]")).ToHaveTextAsync(winnerName);
            await Assertions.Expect(Field(loser, "kpi-name")).ToHaveValueAsync(loserName);
            if (round == 1)
            {
                await loser.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpi-save-refused.png") });
            }

            // Odd rounds the loser applies their own values over the winner's, even rounds they take the winner's.
            var chosen = round % 2 == 1 ? loserName : winnerName;
            await conflict.Locator(round % 2 == 1 ? "[data-testid=conflict-apply-mine]" : "[data-testid=conflict-take-theirs]").ClickAsync();
            await Assertions.Expect(loser.Locator("[data-testid=kpi-edit-panel]")).ToHaveCountAsync(0);
            await Assertions.Expect(ada.Locator("[data-testid=kpi-title]")).ToHaveTextAsync(chosen);
            await Assertions.Expect(bo.Locator("[data-testid=kpi-title]")).ToHaveTextAsync(chosen);
            Assert.Equal(chosen, await StoredNameAsync(kpi));
        }
    }

    [Fact]
    public async Task Someone_typing_keeps_their_values_when_a_teammate_saves_or_deletes_the_same_kpi()
    {
        var kpi = await CreateKpiAsync($"Typing {Guid.NewGuid():N}"[..15]);
        var (ada, bo) = (await OpenKpiAsync(Ada, kpi), await OpenKpiAsync(Bo, kpi));

        await StartEditingAsync(bo, "Bo is still typing");
        await StartEditingAsync(ada, "Ada saved this");
        await ada.Locator("[data-testid=kpi-save]").ClickAsync();

        var conflict = bo.Locator("[data-testid=conflict]");
        await Assertions.Expect(conflict.Locator("[data-testid=conflict-theirs-name]")).ToHaveTextAsync("Ada saved this");
        await Assertions.Expect(Field(bo, "kpi-name")).ToHaveValueAsync("Bo is still typing");
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpi-changed-while-editing.png") });

        // Editing on from theirs puts their values in the form, which stays open.
        await conflict.Locator("[data-testid=conflict-edit-theirs]").ClickAsync();
        await Assertions.Expect(Field(bo, "kpi-name")).ToHaveValueAsync("Ada saved this");
        await Assertions.Expect(conflict).ToHaveCountAsync(0);
        await Field(bo, "kpi-name").FillAsync("Bo's KPI, kept");

        // The KPI deleted: Bo is told, keeps the values and can keep them as a new KPI.
        await ada.Locator("[data-testid=kpi-delete]").ClickAsync();
        await ada.Locator("[data-testid=kpi-delete-yes]").ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=conflict-deleted]")).ToBeVisibleAsync();
        await Assertions.Expect(Field(bo, "kpi-name")).ToHaveValueAsync("Bo's KPI, kept");
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpi-deleted-while-editing.png") });
        Assert.Null(await StoredNameAsync(kpi));

        await bo.Locator("[data-testid=conflict-keep-as-new]").ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=kpi-title]")).ToHaveTextAsync("Bo's KPI, kept");
        var kept = Guid.Parse(bo.Url.Split('/')[^1]);
        Assert.Equal("Bo's KPI, kept", await StoredNameAsync(kept));
        Assert.Equal(0, await DraftCountAsync(bo));
    }

    [Fact]
    public async Task Unsaved_form_and_measurement_text_is_offered_back_after_a_reload_and_dropped_once_saved()
    {
        var kpi = await CreateKpiAsync($"Drafts {Guid.NewGuid():N}"[..15]);
        var page = await OpenKpiAsync(Ada, kpi);

        // The draft attributes land on the elements that take the typing (drafts.js reads the input event's target).
        await page.Locator("[data-testid=kpi-edit]").ClickAsync();
        Assert.Equal("INPUT", await Field(page, "kpi-name").EvaluateAsync<string>("e => e.dataset.draftKey ? e.tagName : 'none'"));
        Assert.Equal("TEXTAREA", await Field(page, "kpi-specific").EvaluateAsync<string>("e => e.dataset.draftKey ? e.tagName : 'none'"));
        await Field(page, "kpi-name").FillAsync("Half-typed name");
        await Field(page, "kpi-specific").FillAsync("Half-typed answer");
        await Field(page, "measurement-value").FillAsync("42.5");
        await page.Locator("[data-testid=kpi-import-toggle]").ClickAsync();
        await Field(page, "kpi-import-text").FillAsync("2026-01-01,3");

        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);

        await Assertions.Expect(Field(page, "kpi-name")).ToHaveValueAsync("Half-typed name");
        await Assertions.Expect(Field(page, "kpi-specific")).ToHaveValueAsync("Half-typed answer");
        await Assertions.Expect(page.Locator("[data-testid=kpi-edit-panel] [data-testid=draft-restored]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=conflict]")).ToHaveCountAsync(0);
        await Assertions.Expect(Field(page, "measurement-value")).ToHaveValueAsync("42.5");
        await Assertions.Expect(Field(page, "kpi-import-text")).ToHaveValueAsync("2026-01-01,3");
        // The app bar is fixed: from the top, a full-page screenshot shows it where it belongs.
        await page.Mouse.WheelAsync(0, -10000);
        await Assertions.Expect(page.Locator("[data-testid=kpi-title]")).ToBeInViewportAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "kpi-drafts-restored.png"), FullPage = true });

        await page.Locator("[data-testid=kpi-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=kpi-title]")).ToHaveTextAsync("Half-typed name");
        await page.Locator("[data-testid=measurement-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=measurement-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(Field(page, "measurement-value")).ToHaveValueAsync("");

        // Only the paste box still holds unsent text.
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(Field(page, "kpi-import-text")).ToHaveValueAsync("2026-01-01,3");
        await Assertions.Expect(page.Locator("[data-testid=kpi-edit-panel]")).ToHaveCountAsync(0);
        Assert.Equal(1, await DraftCountAsync(page));
    }

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea").First;

    private async Task<IPage> OpenKpiAsync(string email, Guid kpi)
    {
        var page = await server.LogInAsync(email);
        await page.GotoAsync($"w/loomsight/kpis/{kpi}");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=kpi-edit]").WaitForAsync();
        return page;
    }

    private static async Task StartEditingAsync(IPage page, string name)
    {
        if (await page.Locator("[data-testid=kpi-edit-panel]").CountAsync() == 0)
        {
            await page.Locator("[data-testid=kpi-edit]").ClickAsync();
        }

        await Field(page, "kpi-name").FillAsync(name);
    }

    /// <summary>Waits until one save has been stored and returns who won.</summary>
    private async Task<(IPage Winner, IPage Loser, string LoserName, string WinnerName)> WhoWonAsync(IPage ada, IPage bo, Guid kpi, string adaName, string boName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? stored;
        while ((stored = await StoredNameAsync(kpi)) != adaName && stored != boName)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Neither save was stored; the KPI is named '{stored}'.");
            await Task.Delay(50);
        }

        return stored == adaName ? (ada, bo, boName, adaName) : (bo, ada, adaName, boName);
    }

    private async Task<Guid> CreateKpiAsync(string name)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspace = await db.Workspaces.Where(w => w.Slug == "loomsight").Select(w => w.Id).SingleAsync();
        var ada = await db.Users.Where(u => u.Email == Ada).Select(u => u.Id).SingleAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var input = new KpiInput(name, "mills", 20, 60, KpiDirection.Increase, today.AddDays(-30), today.AddMonths(4),
            "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", null, null, ada);
        return (await server.Services.GetRequiredService<KpiService>().CreateAsync(ada, workspace, input)).Id;
    }

    private async Task<string?> StoredNameAsync(Guid kpi)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<Kpi>().Where(k => k.Id == kpi).Select(k => k.Name).SingleOrDefaultAsync();
    }

    private static Task<int> DraftCountAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('portal-draft|') && k.includes('|kpi|')).length");
}
