using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Roadmap;

namespace Portal.E2E;

/// <summary>The founding team from its first two people to a gap turned into a hiring task and a risk, seen live by a teammate, in both languages and themes.</summary>
public sealed class TeamTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task A_founder_adds_two_people_scores_their_skills_turns_a_gap_into_a_task_and_a_risk_and_a_teammate_sees_it_live()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var cleo = $"Cleo {tag}";
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);

        // Bo, a member of the workspace, as sales lead for 20 hours.
        var add = ada.Locator("[data-testid=team-add]");
        await add.Locator("[data-testid=team-member-select]").ClickAsync();
        await ada.GetByRole(AriaRole.Option, new() { Name = "Bo Founder" }).ClickAsync();
        await add.Locator("[data-testid=team-role]").ClickAsync();
        await ada.GetByRole(AriaRole.Option, new() { Name = "Sales lead" }).ClickAsync();
        await Input(add, "team-hours").FillAsync("20");
        await add.Locator("textarea[data-testid=team-responsibilities], [data-testid=team-responsibilities] textarea").First.FillAsync("Pilots with mills");
        await add.Locator("[data-testid=team-save]").ClickAsync();
        var people = ada.Locator("[data-testid=team-person]");
        await Assertions.Expect(people).ToHaveCountAsync(1);
        await Assertions.Expect(people.First.Locator("[data-testid=team-person-role]")).ToHaveTextAsync("Sales lead");

        // Someone not on the portal, with a role of the team's own: without a name the save is refused and nothing typed is lost.
        await add.GetByText("Someone not on the portal").ClickAsync();
        await add.Locator("[data-testid=team-role]").ClickAsync();
        await ada.GetByRole(AriaRole.Option, new() { Name = "Own role…" }).ClickAsync();
        await Input(add, "team-role-text").FillAsync("Data wrangler");
        await Input(add, "team-hours").FillAsync("30");
        await add.Locator("[data-testid=team-save]").ClickAsync();
        await Assertions.Expect(add).ToContainTextAsync("Required.");
        await Assertions.Expect(Input(add, "team-role-text")).ToHaveValueAsync("Data wrangler");
        await Input(add, "team-name").FillAsync(cleo);
        await add.Locator("[data-testid=team-save]").ClickAsync();
        await Assertions.Expect(people).ToHaveCountAsync(2);
        await Assertions.Expect(people.Nth(1).Locator("[data-testid=team-person-name]")).ToHaveTextAsync(cleo);
        await Assertions.Expect(ada.Locator("[data-testid=team-total-hours]")).ToHaveTextAsync("The team gives 50 hours a week in all.");
        await Assertions.Expect(ada.Locator("[data-testid=team-fulltime-warning]")).ToBeVisibleAsync();

        // Bo opens the team page in his own browser.
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);
        await Assertions.Expect(bo.Locator("[data-testid=team-matrix-row]")).ToHaveCountAsync(2);

        // Levels: Bo sales 2, Cleo data 3 and ML research 1.  Covered: sales, data.  ML research (best 1) and finance (0) are gaps.
        var rows = ada.Locator("[data-testid=team-matrix-row]");
        await Level(rows.Nth(0), "Sales").SelectOptionAsync("2");
        await Assertions.Expect(Gap(ada, "Sales")).ToHaveAttributeAsync("data-gap", "false");
        await Level(rows.Nth(1), "Data").SelectOptionAsync("3");
        await Assertions.Expect(Gap(ada, "Data")).ToHaveAttributeAsync("data-gap", "false");
        await Level(rows.Nth(1), "MlResearch").SelectOptionAsync("1");
        await Assertions.Expect(Gap(ada, "MlResearch")).ToHaveAttributeAsync("data-best", "1");
        await Assertions.Expect(Gap(ada, "MlResearch")).ToHaveAttributeAsync("data-gap", "true");
        await Assertions.Expect(ada.Locator("[data-testid=team-gap-rule]")).ToContainTextAsync("nobody has it at level 2");

        // Bo's page follows each change without a reload.
        var boRows = bo.Locator("[data-testid=team-matrix-row]");
        await Assertions.Expect(Level(boRows.Nth(1), "MlResearch")).ToHaveValueAsync("1");
        await Assertions.Expect(Level(boRows.Nth(1), "Data")).ToHaveValueAsync("3");
        await Assertions.Expect(Gap(bo, "Sales")).ToHaveAttributeAsync("data-gap", "false");
        await Level(rows.Nth(1), "MlResearch").SelectOptionAsync("2");
        await Assertions.Expect(Level(boRows.Nth(1), "MlResearch")).ToHaveValueAsync("2");
        await Assertions.Expect(Gap(bo, "MlResearch")).ToHaveAttributeAsync("data-gap", "false");

        // The finance gap becomes a hiring task, once only, and a team risk.
        await Gap(ada, "Finance").Locator("[data-testid=team-hire]").ClickAsync();
        var result = ada.Locator("[data-testid=team-gap-result]").First;
        await Assertions.Expect(result).ToContainTextAsync("Added the task “Hire or train: Finance” to the roadmap.");
        await Assertions.Expect(result.Locator("a[data-testid=team-gap-link]")).ToHaveAttributeAsync("href", "w/loomsight/roadmap");
        await Gap(ada, "Finance").Locator("[data-testid=team-hire]").ClickAsync();
        await Assertions.Expect(result).ToContainTextAsync("The roadmap already has the open task “Hire or train: Finance”.");
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var workspaceId = await db.Workspaces.Where(w => w.Slug == "loomsight").Select(w => w.Id).SingleAsync();
            var tasks = await db.Set<RoadmapTask>().Where(t => t.WorkspaceId == workspaceId && t.Title == "Hire or train: Finance").ToListAsync();
            Assert.Equal(RoadmapTaskStatus.ToDo, Assert.Single(tasks).Status);
        }

        await Gap(ada, "Finance").Locator("[data-testid=team-risk]").ClickAsync();
        await Assertions.Expect(result).ToContainTextAsync("Added “Skill gap: Finance” to the risk register.");
        await result.Locator("a[data-testid=team-gap-link]").ClickAsync();
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await Assertions.Expect(ada.Locator("[data-testid=risk-row-title]", new() { HasText = "Skill gap: Finance" })).ToHaveCountAsync(1);

        // Bo comments on Cleo; Ada's open page shows it.
        await ada.GotoAsync("w/loomsight/team");
        await PortalServer.WaitUntilInteractiveAsync(ada);
        var boCleo = bo.Locator("[data-testid=team-person]").Nth(1);
        await boCleo.Locator("[data-testid=team-comments-toggle]").ClickAsync();
        await boCleo.Locator("textarea[data-testid=comment-input], [data-testid=comment-input] textarea").First.FillAsync($"Can Cleo start in May? {tag}");
        await boCleo.Locator("[data-testid=comment-send]").ClickAsync();
        var adaCleo = ada.Locator("[data-testid=team-person]").Nth(1);
        await adaCleo.Locator("[data-testid=team-comments-toggle]").ClickAsync();
        await Assertions.Expect(adaCleo.Locator("[data-testid=comment]", new() { HasText = $"Can Cleo start in May? {tag}" })).ToBeVisibleAsync();

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // Both languages, both themes, a laptop and a phone: the matrix scrolls in its box, the page never sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await OpenAsync(Ada, culture, theme, consoleErrors);
                foreach (var width in new[] { 1366, 390 })
                {
                    await page.SetViewportSizeAsync(width, 860);
                    await page.GotoAsync("w/loomsight/team");
                    await PortalServer.WaitUntilInteractiveAsync(page);
                    await Assertions.Expect(page.Locator("[data-testid=team-chart] .main-svg").First).ToBeVisibleAsync();
                    await Assertions.Expect(Gap(page, "Finance").Locator("[data-testid=team-gap-mark]")).ToHaveTextAsync(culture == "en" ? "Gap" : "缺口");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"team-{culture}-{theme}-{width}.png"), FullPage = true });
                    Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
                    var findings = await AxeFindingsAsync(page);
                    Assert.True(findings == "[]", $"{culture} {theme} {width}: {findings}");
                }

                await page.Context.CloseAsync();
            }
        }

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
        await page.GotoAsync("w/loomsight/team");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    private static ILocator Level(ILocator row, string skill) => row.Locator($"td[data-skill={skill}] select[data-testid=team-level]");

    private static ILocator Gap(IPage page, string skill) => page.Locator($"[data-testid=team-gap-cell][data-skill={skill}]");

    /// <summary>The serious and critical axe findings on the page, as the visual sweep collects them (see <see cref="VisualSweepTests"/>).</summary>
    private static async Task<string> AxeFindingsAsync(IPage page)
    {
        await page.EvaluateAsync($"{VisualSweepTests.AxeSource.Value}\n;void 0");
        return await page.EvaluateAsync<string>(VisualSweepTests.AxeScript, VisualSweepTests.KnownExclusions.Select(e => new[] { e.Rule, e.Selector }).ToArray());
    }

    /// <summary>A MudBlazor field's input, wherever the field put its test id.</summary>
    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
