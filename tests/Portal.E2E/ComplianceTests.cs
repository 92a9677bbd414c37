using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The compliance checklists: answering the questions, an unmet item made a register risk, and a teammate seeing an item live.</summary>
public sealed class ComplianceTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task Answer_the_compliance_questions_mark_an_item_unmet_and_find_its_risk_in_the_register_s_heat_map()
    {
        var consoleErrors = new List<string>();
        var page = await OpenAsync(Ada, "en", "light", consoleErrors);

        // Before any answer (the other test of the class may have answered already), nothing applies and each regime says why.
        if (await page.Locator("[data-testid=compliance-regime]").CountAsync() == 0)
        {
            await Assertions.Expect(page.Locator("[data-testid=compliance-not-applying-regime]")).ToHaveCountAsync(6);
            await Assertions.Expect(page.Locator("[data-testid=compliance-question][data-question=sensitive_data]")).ToHaveCountAsync(0);
        }

        if (!await page.Locator("input[data-testid=compliance-answer-users_in-eu]").IsCheckedAsync())
        {
            await page.Locator("[data-testid=compliance-answer-users_in-eu]").ClickAsync();
        }

        await page.Locator("[data-testid=compliance-answer-personal_data-yes]").ClickAsync();
        // Personal data brings the questions that follow from it.
        await Assertions.Expect(page.Locator("[data-testid=compliance-question][data-question=sensitive_data]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=compliance-answer-sensitive_data-no]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compliance-answers-unsaved]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=compliance-answers-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compliance-answers-unsaved]")).ToHaveCountAsync(0);

        var gdpr = page.Locator("[data-testid=compliance-regime][data-regime-id=gdpr]");
        await Assertions.Expect(gdpr).ToBeVisibleAsync();
        await Assertions.Expect(gdpr.Locator("[data-testid=compliance-notice]")).ToContainTextAsync("not legal advice");
        await Assertions.Expect(gdpr.Locator("[data-testid=compliance-regime-progress]")).ToContainTextAsync("0 / ");
        await Assertions.Expect(page.Locator("[data-testid=compliance-not-applying-regime][data-regime-id=gdpr]")).ToHaveCountAsync(0);

        // The first item is unmet (it applies and is not done): one click puts it in the register.
        var item = gdpr.Locator("[data-testid=compliance-item][data-item-id=gdpr-lawful-basis]");
        await item.Locator("[data-testid=compliance-item-make-risk]").ClickAsync();
        var link = item.Locator("[data-testid=compliance-item-risk-link]");
        await Assertions.Expect(link).ToContainTextAsync("Unmet: GDPR Art. 6");
        await Assertions.Expect(item.Locator("[data-testid=compliance-item-make-risk]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "compliance.png"), FullPage = true });

        await link.ClickAsync();
        await PortalServer.ExpectUrlAsync(page, new System.Text.RegularExpressions.Regex("/w/loomsight/risks$"), consoleErrors);
        await PortalServer.WaitUntilInteractiveAsync(page);
        // The compliance risk is likelihood 3 × impact 4: its cell of the heat map counts it, and picking the cell lists it.
        var cell = page.Locator($"[data-testid=cell-{3}-{4}]");
        await Assertions.Expect(cell).Not.ToHaveTextAsync("");
        await Assertions.Expect(page.Locator("[data-testid=risk-heatmap] .main-svg").First).ToBeVisibleAsync();
        await cell.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=risk-cell-filter]")).ToBeVisibleAsync();
        var grid = page.Locator("[data-testid=risk-grid]");
        await Assertions.Expect(grid).ToContainTextAsync("Unmet: GDPR Art. 6");
        // And the register links back to the item.
        var back = grid.Locator("[data-testid=risk-compliance-source]");
        await Assertions.Expect(back).ToContainTextAsync("from compliance item GDPR Art. 6");
        await back.ClickAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=compliance-item][data-item-id=gdpr-lawful-basis] [data-testid=compliance-item-risk]")).ToBeVisibleAsync();
        Assert.Empty(consoleErrors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_teammate_sees_an_item_s_status_live_and_marking_it_done_offers_to_close_its_risk()
    {
        var consoleErrors = new List<string>();
        var ada = await OpenAsync(Ada, "en", "dark", consoleErrors);
        await EnsureGdprAppliesAsync(ada);
        var bo = await OpenAsync(Bo, "zh-CN", "light", consoleErrors);

        var adaItem = ada.Locator("[data-testid=compliance-item][data-item-id=gdpr-records]");
        var boItem = bo.Locator("[data-testid=compliance-item][data-item-id=gdpr-records]");
        await Assertions.Expect(boItem).ToHaveAttributeAsync("data-status", "NotStarted");
        if (await adaItem.Locator("[data-testid=compliance-item-make-risk]").CountAsync() > 0)
        {
            await adaItem.Locator("[data-testid=compliance-item-make-risk]").ClickAsync();
        }

        await Assertions.Expect(boItem.Locator("[data-testid=compliance-item-risk]")).ToBeVisibleAsync();

        await adaItem.Locator("[data-testid=compliance-item-edit]").ClickAsync();
        await adaItem.Locator("[data-testid=compliance-status-InProgress]").ClickAsync();
        await adaItem.Locator("[data-testid=compliance-item-evidence-input] textarea, textarea[data-testid=compliance-item-evidence-input]").FillAsync("https://example.com/records-of-processing");
        await adaItem.Locator("[data-testid=compliance-item-save]").ClickAsync();

        await Assertions.Expect(boItem).ToHaveAttributeAsync("data-status", "InProgress");
        await Assertions.Expect(boItem.Locator("[data-testid=compliance-item-status]")).ToHaveTextAsync("进行中");
        await Assertions.Expect(boItem.Locator("[data-testid=compliance-item-evidence] a")).ToHaveAttributeAsync("href", "https://example.com/records-of-processing");

        // Done, with its risk still open: the page offers to close the risk, and closing it shows on both pages.
        await adaItem.Locator("[data-testid=compliance-item-edit]").ClickAsync();
        await adaItem.Locator("[data-testid=compliance-status-Done]").ClickAsync();
        await adaItem.Locator("[data-testid=compliance-item-save]").ClickAsync();
        await Assertions.Expect(boItem).ToHaveAttributeAsync("data-status", "Done");
        await adaItem.Locator("[data-testid=compliance-close-risk]").ClickAsync();
        await Assertions.Expect(adaItem.Locator("[data-testid=compliance-item-risk]")).ToContainTextAsync("Closed");
        await Assertions.Expect(boItem.Locator("[data-testid=compliance-item-risk]")).ToContainTextAsync("已关闭");
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "compliance-zh.png"), FullPage = true });

        Assert.Empty(consoleErrors);
        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_page_fits_a_phone_in_the_dark_theme_in_both_languages(string culture)
    {
        var consoleErrors = new List<string>();
        var page = await OpenAsync(Ada, culture, "dark", consoleErrors);
        await EnsureGdprAppliesAsync(page);
        await page.SetViewportSizeAsync(390, 860);
        var item = page.Locator("[data-testid=compliance-item][data-item-id=gdpr-dpia]");
        await item.Locator("[data-testid=compliance-item-edit]").ClickAsync();
        await Assertions.Expect(item.Locator("[data-testid=compliance-item-editor]")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"compliance-{culture}-dark-390.png"), FullPage = true });

        Assert.Null(overflow);
        Assert.Empty(consoleErrors);
        await page.Context.CloseAsync();
    }

    /// <summary>Answers "EU users, personal data" unless the workspace has them already (the other test may have run first).</summary>
    private static async Task EnsureGdprAppliesAsync(IPage page)
    {
        if (await page.Locator("[data-testid=compliance-regime][data-regime-id=gdpr]").CountAsync() > 0)
        {
            return;
        }

        if (!await page.Locator("input[data-testid=compliance-answer-users_in-eu]").IsCheckedAsync())
        {
            await page.Locator("[data-testid=compliance-answer-users_in-eu]").ClickAsync();
        }

        await page.Locator("[data-testid=compliance-answer-personal_data-yes]").ClickAsync();
        await page.Locator("[data-testid=compliance-answers-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compliance-regime][data-regime-id=gdpr]")).ToBeVisibleAsync();
    }

    private async Task<IPage> OpenAsync(string email, string culture, string theme, List<string> consoleErrors)
    {
        var page = await server.SignedInPageAsync(email, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
        ]);
        await page.GotoAsync("w/loomsight/compliance");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }
}
