using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Risks;

namespace Portal.E2E;

/// <summary>Two people on one risk register at the same moment: nobody's values disappear without a word.</summary>
public sealed class RiskCollaborationTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task Simultaneous_saves_of_one_risk_store_one_and_show_the_other_person_the_conflict_until_they_choose()
    {
        var (ada, bo) = (await OpenRisksAsync(Ada), await OpenRisksAsync(Bo));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var risk = await AddRiskAsync(ada, $"{tag} race");
        await Assertions.Expect(RowTitle(bo, risk)).ToHaveTextAsync($"{tag} race");

        for (var round = 1; round <= 10; round++)
        {
            var (adaTitle, boTitle) = ($"{tag} Ada round {round}", $"{tag} Bo round {round}");
            await StartEditingAsync(ada, risk, adaTitle);
            await StartEditingAsync(bo, risk, boTitle);

            await Task.WhenAll(
                Form(ada).Locator("[data-testid=risk-save]").ClickAsync(),
                Form(bo).Locator("[data-testid=risk-save]").ClickAsync());

            // Exactly one save is stored; the other person keeps the form with their values and sees the stored ones.
            var (winner, loser, loserTitle, winnerTitle) = await WhoWonAsync(ada, bo, risk, adaTitle, boTitle);
            await Assertions.Expect(Form(winner)).ToHaveCountAsync(0);
            var conflict = Form(loser).Locator("[data-testid=conflict]");
            await Assertions.Expect(conflict).ToBeVisibleAsync();
            await Assertions.Expect(conflict.Locator("[data-testid=conflict-theirs]")).ToContainTextAsync(winnerTitle);
            await Assertions.Expect(TitleInput(loser)).ToHaveValueAsync(loserTitle);
            Assert.Equal(winnerTitle, await StoredTitleAsync(risk));

            // Odd rounds: the loser applies their values over the stored ones; even rounds: they take the stored ones.
            var chosen = round % 2 == 1 ? loserTitle : winnerTitle;
            await conflict.Locator(round % 2 == 1 ? "[data-testid=conflict-apply-mine]" : "[data-testid=conflict-take-theirs]").ClickAsync();
            await Assertions.Expect(Form(loser)).ToHaveCountAsync(0);
            await Assertions.Expect(RowTitle(ada, risk)).ToHaveTextAsync(chosen);
            await Assertions.Expect(RowTitle(bo, risk)).ToHaveTextAsync(chosen);
            Assert.Equal(chosen, await StoredTitleAsync(risk));
        }
    }

    [Fact]
    public async Task Someone_typing_keeps_their_values_when_a_teammate_saves_or_deletes_the_same_risk()
    {
        var (ada, bo) = (await OpenRisksAsync(Ada), await OpenRisksAsync(Bo));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var risk = await AddRiskAsync(ada, $"{tag} typing");
        await Assertions.Expect(RowTitle(bo, risk)).ToBeVisibleAsync();

        await StartEditingAsync(bo, risk, $"{tag} Bo is still typing");
        await MitigationInput(bo).FillAsync("Bo's mitigation, not saved yet");
        await StartEditingAsync(ada, risk, $"{tag} Ada saved this");
        await DescriptionInput(ada).FillAsync("Seen in the pilot\nwith two customers");
        await Form(ada).Locator("[data-testid=risk-save]").ClickAsync();

        await Assertions.Expect(Form(bo).Locator("[data-testid=conflict-theirs]")).ToContainTextAsync($"{tag} Ada saved this");
        await Assertions.Expect(Form(bo).Locator("[data-testid=conflict]")).ToBeVisibleAsync();
        await Assertions.Expect(TitleInput(bo)).ToHaveValueAsync($"{tag} Bo is still typing");
        await Assertions.Expect(MitigationInput(bo)).ToHaveValueAsync("Bo's mitigation, not saved yet");
        await Assertions.Expect(RowTitle(bo, risk)).ToHaveTextAsync($"{tag} Ada saved this");
        await ShowFormAsync(bo, "risks-changed-while-editing.png");

        // Editing on from theirs puts their values in the form and keeps it open.
        await Form(bo).Locator("[data-testid=conflict-edit-theirs]").ClickAsync();
        await Assertions.Expect(TitleInput(bo)).ToHaveValueAsync($"{tag} Ada saved this");
        await Assertions.Expect(Form(bo).Locator("[data-testid=conflict]")).ToHaveCountAsync(0);
        await Assertions.Expect(MitigationInput(bo)).ToHaveValueAsync("");
        await TitleInput(bo).FillAsync($"{tag} Bo's title again");
        await MitigationInput(bo).FillAsync("Bo's mitigation again");

        // The risk deleted under the form: Bo is told, keeps the values and can keep them as a new risk.
        await Row(ada, risk).Locator("[data-testid=risk-delete]").ClickAsync();
        await Assertions.Expect(RowTitle(ada, risk)).ToHaveCountAsync(0);
        await Assertions.Expect(Form(bo).Locator("[data-testid=conflict-deleted]")).ToBeVisibleAsync();
        await Assertions.Expect(TitleInput(bo)).ToHaveValueAsync($"{tag} Bo's title again");
        await Assertions.Expect(MitigationInput(bo)).ToHaveValueAsync("Bo's mitigation again");
        await Assertions.Expect(Form(bo).Locator("[data-testid=conflict-restore-mine]")).ToHaveCountAsync(0);
        await ShowFormAsync(bo, "risks-deleted-while-editing.png");

        await Form(bo).Locator("[data-testid=conflict-keep-as-new]").ClickAsync();
        await Assertions.Expect(Form(bo)).ToHaveCountAsync(0);
        var kept = ada.Locator("[data-testid=risk-row-title]", new() { HasText = $"{tag} Bo's title again" });
        await Assertions.Expect(kept).ToHaveCountAsync(1);
        Assert.Null(await StoredTitleOrNullAsync(risk));
        Assert.Equal("Bo's mitigation again", await StoredMitigationAsync(Guid.Parse((await kept.GetAttributeAsync("data-risk-id"))!)));
    }

    [Fact]
    public async Task Unsaved_text_in_the_form_is_offered_back_after_a_reload_and_a_server_restart()
    {
        var page = await OpenRisksAsync(Ada);
        var tag = Guid.NewGuid().ToString("N")[..6];

        // A new risk's draft. The browser keeps it from the real input and textarea elements.
        await page.Locator("[data-testid=risk-add]").ClickAsync();
        Assert.Equal("INPUT", await Form(page).Locator("[data-draft-key$='|title']").EvaluateAsync<string>("e => e.tagName"));
        Assert.Equal("TEXTAREA", await Form(page).Locator("[data-draft-key$='|description']").EvaluateAsync<string>("e => e.tagName"));
        await TitleInput(page).FillAsync($"{tag} new risk, half written");
        await DescriptionInput(page).FillAsync("Written before the reload");
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(TitleInput(page)).ToHaveValueAsync($"{tag} new risk, half written");
        await Assertions.Expect(DescriptionInput(page)).ToHaveValueAsync("Written before the reload");
        await Assertions.Expect(Form(page).Locator("[data-testid=draft-restored]")).ToBeVisibleAsync();
        await Form(page).Locator("[data-testid=risk-save]").ClickAsync();
        await Assertions.Expect(Form(page)).ToHaveCountAsync(0);
        var risk = Guid.Parse((await page.Locator("[data-testid=risk-row-title]", new() { HasText = $"{tag} new risk" }).GetAttributeAsync("data-risk-id"))!);

        // An existing risk's draft survives a restart; the form opens on that risk again.
        await StartEditingAsync(page, risk, $"{tag} renamed before the restart");
        await MitigationInput(page).FillAsync("Mitigation typed before the restart");
        await server.RestartAsync(() => Assertions.Expect(page.Locator("[data-testid=reconnect-modal]")).ToBeVisibleAsync());
        await Assertions.Expect(TitleInput(page)).ToHaveValueAsync($"{tag} renamed before the restart", new() { Timeout = 60_000 });
        await Assertions.Expect(Form(page)).ToHaveAttributeAsync("data-risk-id", risk.ToString());
        await Assertions.Expect(MitigationInput(page)).ToHaveValueAsync("Mitigation typed before the restart");
        await Assertions.Expect(Form(page).Locator("[data-testid=draft-restored]")).ToBeVisibleAsync();
        await Assertions.Expect(Form(page).Locator("[data-testid=conflict]")).ToHaveCountAsync(0);

        // Cancelling drops the draft: the next visit opens no form.
        await Form(page).Locator("[data-testid=risk-cancel]").ClickAsync();
        await Assertions.Expect(Form(page)).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(RowTitle(page, risk)).ToHaveTextAsync($"{tag} new risk, half written");
        await Assertions.Expect(Form(page)).ToHaveCountAsync(0);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('portal-draft|') && k.includes('|risk|')).length"));
    }

    private async Task<IPage> OpenRisksAsync(string email)
    {
        var page = await server.LogInAsync(email);
        await page.GotoAsync("w/loomsight/risks");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=risk-add]").WaitForAsync();
        return page;
    }

    /// <summary>A screenshot of the page scrolled to the top, where the form opens below the title (the app bar would cover an element screenshot's top).</summary>
    private static async Task ShowFormAsync(IPage page, string fileName)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, fileName) });
    }

    private static ILocator Form(IPage page) => page.Locator("[data-testid=risk-form]");

    private static ILocator TitleInput(IPage page) => Form(page).Locator("input[data-draft-key$='|title']");

    private static ILocator DescriptionInput(IPage page) => Form(page).Locator("textarea[data-draft-key$='|description']");

    private static ILocator MitigationInput(IPage page) => Form(page).Locator("textarea[data-draft-key$='|mitigation']");

    private static ILocator RowTitle(IPage page, Guid risk) => page.Locator($"[data-testid=risk-row-title][data-risk-id='{risk}']");

    private static ILocator Row(IPage page, Guid risk) => page.Locator("[data-testid=risk-grid] tr", new() { Has = RowTitle(page, risk) });

    private static async Task<Guid> AddRiskAsync(IPage page, string title)
    {
        await page.Locator("[data-testid=risk-add]").ClickAsync();
        await TitleInput(page).FillAsync(title);
        await Form(page).Locator("[data-testid=risk-save]").ClickAsync();
        var row = page.Locator("[data-testid=risk-row-title]", new() { HasText = title });
        await Assertions.Expect(row).ToBeVisibleAsync();
        // The row shows as soon as the live change arrives; the form closes only after the save has removed its drafts.
        await Assertions.Expect(Form(page)).ToHaveCountAsync(0);
        return Guid.Parse((await row.GetAttributeAsync("data-risk-id"))!);
    }

    private static async Task StartEditingAsync(IPage page, Guid risk, string title)
    {
        // Edit is disabled while any form is open, so the click waits for an earlier form to finish closing.
        await Row(page, risk).Locator("[data-testid=risk-edit]").ClickAsync();
        await Assertions.Expect(Form(page)).ToHaveAttributeAsync("data-risk-id", risk.ToString());
        await TitleInput(page).FillAsync(title);
    }

    /// <summary>Waits until one save has been stored and returns who won.</summary>
    private async Task<(IPage Winner, IPage Loser, string LoserTitle, string WinnerTitle)> WhoWonAsync(IPage ada, IPage bo, Guid risk, string adaTitle, string boTitle)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? stored;
        while ((stored = await StoredTitleOrNullAsync(risk)) != adaTitle && stored != boTitle)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Neither save was stored; the risk holds '{stored}'.");
            await Task.Delay(50);
        }

        return stored == adaTitle ? (ada, bo, boTitle, adaTitle) : (bo, ada, adaTitle, boTitle);
    }

    private async Task<string> StoredTitleAsync(Guid risk) => await StoredTitleOrNullAsync(risk) ?? throw new InvalidOperationException($"Risk {risk} is not stored.");

    private async Task<string?> StoredTitleOrNullAsync(Guid risk)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<Risk>().Where(r => r.Id == risk).Select(r => r.Title).SingleOrDefaultAsync();
    }

    private async Task<string> StoredMitigationAsync(Guid risk)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<Risk>().Where(r => r.Id == risk).Select(r => r.Mitigation).SingleAsync();
    }
}
