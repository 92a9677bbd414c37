using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Roadmap;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>A task added on the board, moved by mouse and by keyboard, kept after a reload and seen live by a teammate; the page on a phone in both languages.</summary>
public sealed class RoadmapTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task A_task_moved_by_mouse_and_by_keyboard_stays_after_a_reload_and_a_teammate_sees_each_move_live()
    {
        var consoleErrors = new List<string>();
        var title = $"Call ten mills {Guid.NewGuid():N}"[..22];
        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);

        // A title is required: the refusal shows beside the field and the description typed stays.
        await ada.Locator("[data-testid=roadmap-new-task]").ClickAsync();
        var form = ada.Locator("[data-testid=roadmap-task-form]");
        var description = form.Locator("textarea[data-testid=roadmap-task-description], [data-testid=roadmap-task-description] textarea").First;
        await description.FillAsync("Start with the mills in Prato.");
        await form.Locator("[data-testid=roadmap-task-save]").ClickAsync();
        await Assertions.Expect(form).ToContainTextAsync("Required.");
        await Assertions.Expect(description).ToHaveValueAsync("Start with the mills in Prato.");
        await Input(form, "roadmap-task-title").FillAsync(title);
        await form.Locator("[data-testid=roadmap-task-save]").ClickAsync();
        await Assertions.Expect(Card(ada, "ToDo", title)).ToBeVisibleAsync();
        await Assertions.Expect(Card(bo, "ToDo", title)).ToBeVisibleAsync();

        // By mouse: to Doing.
        await Card(ada, "ToDo", title).DragToAsync(ada.Locator("[data-testid=column-Doing] .mud-drop-zone"));
        await Assertions.Expect(Card(ada, "Doing", title)).ToBeVisibleAsync();
        await Assertions.Expect(Card(bo, "Doing", title)).ToBeVisibleAsync();
        await Assertions.Expect(Card(bo, "ToDo", title)).ToHaveCountAsync(0);

        await ada.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await Assertions.Expect(Card(ada, "Doing", title)).ToBeVisibleAsync();
        await Assertions.Expect(Card(ada, "ToDo", title)).ToHaveCountAsync(0);

        // By keyboard: the card's move button, Enter, arrows to "Move to Done", Enter.
        await Card(ada, "Doing", title).Locator("[data-testid=roadmap-move] button").First.FocusAsync();
        await ada.Keyboard.PressAsync("Enter");
        var focused = ada.Locator("[role=menuitem]:focus");
        await Assertions.Expect(focused).ToHaveCountAsync(1);
        for (var step = 0; step < 8 && await FocusedTestIdAsync(ada) is { } before && before != "roadmap-move-to-Done"; step++)
        {
            await ada.Keyboard.PressAsync("ArrowDown");
            // Each key goes to the server and back before the focus moves.
            await Assertions.Expect(focused).Not.ToHaveAttributeAsync("data-testid", before);
        }

        Assert.Equal("roadmap-move-to-Done", await FocusedTestIdAsync(ada));
        await ada.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Card(ada, "Done", title)).ToBeVisibleAsync();
        await Assertions.Expect(Card(bo, "Done", title)).ToBeVisibleAsync();

        await ada.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(ada);
        await Assertions.Expect(Card(ada, "Done", title)).ToBeVisibleAsync();
        await Assertions.Expect(Card(ada, "Doing", title)).ToHaveCountAsync(0);
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "roadmap.png"), FullPage = true });

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // A milestone with an overdue task of its own and the moved task, done: half way.
        var roadmap = server.Services.GetRequiredService<RoadmapService>();
        var workspaceId = (await server.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(await server.UserIdAsync(Ada), "loomsight"))!.WorkspaceId;
        var adaId = await server.UserIdAsync(Ada);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var pilot = await roadmap.CreateMilestoneAsync(adaId, workspaceId, new MilestoneInput($"Pilot {title[^7..]}", today.AddDays(20), "Three mills inspect with it weekly", []));
        var overdue = await roadmap.CreateTaskAsync(adaId, workspaceId, new RoadmapTaskInput($"Label images {title[^7..]}", "", adaId, null, today.AddDays(-2), 2, RoadmapTaskStatus.Doing, pilot.Id, null, null, null));
        var moved = (await roadmap.GetAsync(adaId, workspaceId))!.Tasks.Single(t => t.Title == title);
        await roadmap.UpdateTaskAsync(adaId, workspaceId, moved.Id, moved.ToInput() with { MilestoneId = pilot.Id, EstimateDays = 2 }, moved.Version);

        // On a phone, dark, in both languages: the board stacks its columns and never scrolls sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            var page = await OpenAsync(Ada, culture, "dark", consoleErrors);
            await page.SetViewportSizeAsync(390, 860);
            await page.ReloadAsync();
            await PortalServer.WaitUntilInteractiveAsync(page);
            await Assertions.Expect(Card(page, "Done", title)).ToBeVisibleAsync();
            await Assertions.Expect(Card(page, "Doing", overdue.Title).Locator("[data-testid=roadmap-overdue]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"[data-testid=roadmap-milestone][data-milestone-id='{pilot.Id}'] [data-testid=roadmap-progress]")).ToHaveAttributeAsync("data-progress", "50");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"roadmap-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            Assert.Equal("[]", await AxeFindingsAsync(page));

            // Filtered to the milestone, the board shows its two tasks only.
            await page.Locator("[data-testid=roadmap-filter-milestone]").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = pilot.Title }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=roadmap-card]")).ToHaveCountAsync(2);

            // The task's form and the milestone's form fit the phone too.
            await Card(page, "Doing", overdue.Title).Locator("[data-testid=roadmap-card-open]").ClickAsync();
            await Assertions.Expect(Input(page.Locator("[data-testid=roadmap-task-form]"), "roadmap-task-title")).ToHaveValueAsync(overdue.Title);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"roadmap-task-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            await page.Locator($"[data-testid=roadmap-milestone][data-milestone-id='{pilot.Id}']").ClickAsync();
            await Assertions.Expect(Input(page.Locator("[data-testid=roadmap-milestone-form]"), "roadmap-milestone-title")).ToHaveValueAsync(pilot.Title);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"roadmap-milestone-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            Assert.Equal("[]", await AxeFindingsAsync(page));
            await page.Context.CloseAsync();
        }

        Assert.Empty(consoleErrors);
    }

    private static ILocator Card(IPage page, string column, string title) =>
        page.Locator($"[data-testid=column-{column}] [data-testid=roadmap-card]", new() { HasText = title });

    private static Task<string?> FocusedTestIdAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null");

    private async Task<IPage> OpenAsync(string email, string culture, string theme, List<string> consoleErrors)
    {
        var page = await server.SignedInPageAsync(email, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
        ]);
        await page.GotoAsync("w/loomsight/roadmap");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>The serious and critical axe findings on the page, as the visual sweep collects them (see <see cref="VisualSweepTests"/>).</summary>
    private static async Task<string> AxeFindingsAsync(IPage page)
    {
        await page.EvaluateAsync($"{VisualSweepTests.AxeSource.Value}\n;void 0");
        return await page.EvaluateAsync<string>(VisualSweepTests.AxeScript, VisualSweepTests.KnownExclusions.Select(e => new[] { e.Rule, e.Selector }).ToArray());
    }

    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
