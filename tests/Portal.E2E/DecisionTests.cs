using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>A technology question from asking it to a ranked, saved matrix that a teammate sees live, in both languages and themes.</summary>
public sealed class DecisionTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task A_founder_scores_two_options_sees_the_ranking_and_its_sensitivity_saves_and_a_teammate_sees_it_live()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (hosted, open) = ($"Hosted API {tag}", $"Open model {tag}");
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);

        await Input(ada, "decision-new-question").FillAsync($"Which model do we build on? {tag}");
        await ada.Locator("[data-testid=decision-create]").ClickAsync();
        var matrix = ada.Locator("[data-testid=decision-matrix]");
        await Assertions.Expect(Input(matrix, "decision-question")).ToHaveValueAsync($"Which model do we build on? {tag}");
        // The outline's three criteria come with the question.
        await Assertions.Expect(matrix.Locator("[data-testid=decision-criterion]")).ToHaveCountAsync(3);
        var decisionId = await matrix.GetAttributeAsync("data-decision-id");

        // Bo opens the same question before Ada saves.
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);
        await bo.Locator($"[data-testid=decision-list-item][data-decision-id='{decisionId}']").ClickAsync();
        await Assertions.Expect(bo.Locator($"[data-testid=decision-matrix][data-decision-id='{decisionId}']")).ToBeVisibleAsync();

        // Performance, scalability, ecosystem at 10 each.  Hosted: 5, 2, 3 (100)  Open: 3, 4, 4 (110): Open leads.
        // Performance up: Hosted gains 2 a unit on a gap of 30 less 10 × 2, drawing level at 15, so at 16 Hosted leads.
        await matrix.Locator("[data-testid=decision-add-option]").ClickAsync();
        await matrix.Locator("[data-testid=decision-add-option]").ClickAsync();
        var rows = matrix.Locator("[data-testid=decision-option-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        foreach (var (row, name, scores) in new[] { (0, hosted, new[] { "5", "2", "3" }), (1, open, new[] { "3", "4", "4" }) })
        {
            await Input(rows.Nth(row), "decision-option-name").FillAsync(name);
            for (var criterion = 0; criterion < scores.Length; criterion++)
            {
                await Input(rows.Nth(row), "decision-score").Nth(criterion).FillAsync(scores[criterion]);
            }
        }

        var first = ada.Locator("[data-testid=decision-standing]").First;
        await Assertions.Expect(first).ToContainTextAsync(open);
        await Assertions.Expect(first).ToHaveAttributeAsync("data-rank", "1");
        await Assertions.Expect(ada.Locator("[data-testid=decision-sensitivity]").First).ToHaveTextAsync($"Raise Performance's weight from 10 to 16 and {hosted} leads.");
        await Assertions.Expect(ada.Locator("[data-testid=decision-chart] .main-svg").First).ToBeVisibleAsync();

        await Assertions.Expect(matrix.Locator("[data-testid=decision-unsaved]")).ToBeVisibleAsync();
        await matrix.Locator("[data-testid=decision-save]").ClickAsync();
        await Assertions.Expect(matrix.Locator("[data-testid=decision-unsaved]")).ToHaveCountAsync(0);
        var listed = ada.Locator($"[data-testid=decision-list-item][data-decision-id='{decisionId}']");
        await Assertions.Expect(listed).ToContainTextAsync($"Leading: {open}");

        // Bo had changed nothing, so Ada's save simply shows.
        await Assertions.Expect(Input(bo.Locator("[data-testid=decision-option-row]").Nth(1), "decision-option-name")).ToHaveValueAsync(open);
        await Assertions.Expect(bo.Locator("[data-testid=decision-standing]").First).ToContainTextAsync(open);
        await Assertions.Expect(bo.Locator($"[data-testid=decision-list-item][data-decision-id='{decisionId}']")).ToContainTextAsync($"Leading: {open}");

        await ada.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await ada.Locator($"[data-testid=decision-list-item][data-decision-id='{decisionId}']").ClickAsync();
        var reloaded = ada.Locator("[data-testid=decision-option-row]");
        await Assertions.Expect(Input(reloaded.Nth(0), "decision-option-name")).ToHaveValueAsync(hosted);
        await Assertions.Expect(Input(reloaded.Nth(1), "decision-score").Nth(2)).ToHaveValueAsync("4");
        await Assertions.Expect(ada.Locator("[data-testid=decision-sensitivity]").First).ToHaveTextAsync($"Raise Performance's weight from 10 to 16 and {hosted} leads.");

        // Bo changes a score while Ada saves a new weight: Bo keeps his value beside hers, and applies his own.
        var boOpenEcosystem = Input(bo.Locator("[data-testid=decision-option-row]").Nth(1), "decision-score").Nth(2);
        await boOpenEcosystem.FillAsync("5");
        await Input(ada, "decision-weight").First.FillAsync("20");
        await ada.Locator("[data-testid=decision-save]").ClickAsync();
        var conflict = bo.Locator("[data-testid=decision-matrix] [data-testid=conflict]");
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        await Assertions.Expect(boOpenEcosystem).ToHaveValueAsync("5");
        await Assertions.Expect(Input(bo, "decision-weight").First).ToHaveValueAsync("10");
        await conflict.Locator("[data-testid=conflict-apply-mine]").ClickAsync();
        await Assertions.Expect(conflict).ToHaveCountAsync(0);
        await Assertions.Expect(Input(ada.Locator("[data-testid=decision-option-row]").Nth(1), "decision-score").Nth(2)).ToHaveValueAsync("5");
        await Assertions.Expect(Input(ada, "decision-weight").First).ToHaveValueAsync("10");

        // Bo asks about the question beside it; Ada's open page shows the comment.
        var boThread = bo.Locator("[data-testid=comment-thread]");
        await boThread.Locator("textarea[data-testid=comment-input], [data-testid=comment-input] textarea").First.FillAsync($"Did we price the hosted API? {tag}");
        await boThread.Locator("[data-testid=comment-send]").ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=comment-thread] [data-testid=comment]", new() { HasText = $"Did we price the hosted API? {tag}" })).ToBeVisibleAsync();
        await Assertions.Expect(ada.Locator("[data-testid=comment-thread] h3")).ToHaveTextAsync("1 comment");

        // An option without a name is refused beside that name, and nothing else Ada typed is lost.
        var adaRows = ada.Locator("[data-testid=decision-option-row]");
        await Input(adaRows.Nth(0), "decision-option-name").FillAsync("");
        await Input(adaRows.Nth(0), "decision-score").Nth(1).FillAsync("3");
        await ada.Locator("[data-testid=decision-save]").ClickAsync();
        await Assertions.Expect(adaRows.Nth(0)).ToContainTextAsync("Required.");
        await Assertions.Expect(Input(adaRows.Nth(0), "decision-score").Nth(1)).ToHaveValueAsync("3");
        await Input(adaRows.Nth(0), "decision-option-name").FillAsync(hosted);

        // Accepting without a choice or a date is refused beside those two fields; what Ada wrote stays.
        var record = ada.Locator("[data-testid=decision-record]");
        var context = record.Locator("textarea[data-testid=decision-context], [data-testid=decision-context] textarea").First;
        await context.FillAsync("Answers must come back within 300 ms on a mill's tablet.");
        await record.Locator("[data-testid=decision-status]").ClickAsync();
        await ada.GetByRole(AriaRole.Option, new() { Name = "Accepted" }).ClickAsync();
        await record.Locator("[data-testid=decision-record-save]").ClickAsync();
        await Assertions.Expect(record).ToContainTextAsync("Choose an option to accept the decision.");
        await Assertions.Expect(record).ToContainTextAsync("Enter the date to accept the decision.");
        await Assertions.Expect(context).ToHaveValueAsync("Answers must come back within 300 ms on a mill's tablet.");

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the page never scrolls sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await OpenAsync(Ada, culture, theme, consoleErrors);
                foreach (var width in new[] { 1366, 390 })
                {
                    await page.SetViewportSizeAsync(width, 860);
                    await page.GotoAsync("w/loomsight/decisions");
                    await PortalServer.WaitUntilInteractiveAsync(page);
                    await page.Locator($"[data-testid=decision-list-item][data-decision-id='{decisionId}']").ClickAsync();
                    await Assertions.Expect(page.Locator("[data-testid=decision-chart] .main-svg").First).ToBeVisibleAsync();
                    await Assertions.Expect(page.Locator("[data-testid=decision-sensitivity]").First).ToContainTextAsync(culture == "en" ? "Performance" : "性能");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"decisions-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
                    Assert.Equal("[]", await AxeFindingsAsync(page));
                }

                await page.Context.CloseAsync();
            }
        }

        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Charts_replaced_before_plotly_has_loaded_are_skipped_and_the_last_one_is_drawn_without_an_error()
    {
        var consoleErrors = new List<string>();
        var page = await server.SignedInPageAsync(Ada, consoleErrors);
        // plotly.js arrives only when the test says so: every chart drawn until then waits in Plotly.Blazor's queue.
        var plotlyHeld = new TaskCompletionSource();
        await page.Context.RouteAsync(new System.Text.RegularExpressions.Regex(@"/plotly-[\d.]+\.min\.js"), async route =>
        {
            await plotlyHeld.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("w/loomsight/decisions");
        await PortalServer.WaitUntilInteractiveAsync(page);

        await Input(page, "decision-new-question").FillAsync($"Which chart waits? {Guid.NewGuid():N}");
        await page.Locator("[data-testid=decision-create]").ClickAsync();
        var matrix = page.Locator("[data-testid=decision-matrix]");
        await matrix.Locator("[data-testid=decision-add-option]").ClickAsync();
        await matrix.Locator("[data-testid=decision-add-option]").ClickAsync();
        var rows = matrix.Locator("[data-testid=decision-option-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        // Once every cell has a score, each new score changes the totals and with them the chart, which replaces the one
        // before it while plotly.js waits: the first waits for the script, the later ones in Plotly.Blazor's queue.
        foreach (var (row, criterion, score) in new[] { (0, 0, "5"), (1, 0, "3"), (0, 1, "4"), (1, 1, "2"), (0, 2, "1"), (1, 2, "5"), (0, 0, "2"), (1, 0, "4"), (0, 1, "3") })
        {
            await Input(rows.Nth(row), "decision-score").Nth(criterion).FillAsync(score);
            await Assertions.Expect(Input(rows.Nth(row), "decision-score").Nth(criterion)).ToHaveValueAsync(score);
        }

        await Assertions.Expect(page.Locator("[data-testid=decision-chart]")).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("[data-testid=decision-chart] .main-svg").CountAsync());
        plotlyHeld.SetResult();

        await Assertions.Expect(page.Locator("[data-testid=decision-chart] .main-svg").First).ToBeVisibleAsync();
        Assert.Empty(consoleErrors);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(string email, string culture, string theme, List<string> consoleErrors)
    {
        var page = await server.SignedInPageAsync(email, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
        ]);
        await page.GotoAsync("w/loomsight/decisions");
        await PortalServer.WaitUntilInteractiveAsync(page);
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
