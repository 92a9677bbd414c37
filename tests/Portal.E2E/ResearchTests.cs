using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>From two interviews to an insight backed by both, a requirement resting on it and the matrix that shows it; a teammate sees it live.</summary>
public sealed class ResearchTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = DemoSeeder.FounderAEmail;
    private const string Bo = DemoSeeder.FounderBEmail;

    [Fact]
    public async Task A_founder_records_two_interviews_an_insight_backed_by_both_and_a_requirement_resting_on_it_which_a_teammate_sees_live()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (first, second) = ($"Mill manager A {tag}", $"Weaver B {tag}");
        var (statement, title) = ($"Looms stop unnoticed at night {tag}", $"Alert the night shift when a loom stops {tag}");
        var adaId = await server.UserIdAsync(Ada);
        var workspace = (await server.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(adaId, DemoSeeder.WorkspaceSlug))!;
        // The canvas's customer segment is offered as the interviews' segment.
        await server.Services.GetRequiredService<CanvasService>().AddNoteAsync(adaId, workspace.WorkspaceId, CanvasBlock.CustomerSegments, $"Weaving mills {tag}", NoteColour.Blue);

        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);
        await Tab(bo, 2).ClickAsync();

        foreach (var (person, notes) in new[] { (first, "Looms **stop** twice a night <img src=x onerror=alert(1)>"), (second, "Nobody hears the alarm.") })
        {
            await ada.Locator("[data-testid=interview-new]").ClickAsync();
            var form = ada.Locator("[data-testid=interview-form]");
            await Input(form, "interview-person").FillAsync(person);
            await Input(form, "interview-role").FillAsync("Night shift");
            await form.Locator("[data-testid=interview-segment-option]", new() { HasText = $"Weaving mills {tag}" }).ClickAsync();
            await Assertions.Expect(Input(form, "interview-segment")).ToHaveValueAsync($"Weaving mills {tag}");
            await form.Locator("textarea[data-testid=interview-notes-input], [data-testid=interview-notes-input] textarea").First.FillAsync(notes);
            await form.Locator("[data-testid=interview-save]").ClickAsync();
            await Assertions.Expect(ada.Locator("[data-testid=interview-item]", new() { HasText = person })).ToBeVisibleAsync();
            await Assertions.Expect(form.Locator("[data-testid=interview-unsaved]")).ToHaveCountAsync(0);
        }

        // The notes are Markdown, shown sanitised: the emphasis renders, the image tag stays text.
        await ada.Locator("[data-testid=interview-item]", new() { HasText = first }).ClickAsync();
        var rendered = ada.Locator("[data-testid=interview-notes]");
        await Assertions.Expect(rendered.Locator("strong")).ToHaveTextAsync("stop");
        await Assertions.Expect(rendered.Locator("img")).ToHaveCountAsync(0);

        // An insight needs an interview behind it: refused beside the choice, the statement kept.
        await Tab(ada, 1).ClickAsync();
        await ada.Locator("[data-testid=insight-new]").ClickAsync();
        var insightForm = ada.Locator("[data-testid=insight-form]");
        await insightForm.Locator("textarea[data-testid=insight-statement], [data-testid=insight-statement] textarea").First.FillAsync(statement);
        await insightForm.Locator("[data-testid=insight-save]").ClickAsync();
        await Assertions.Expect(insightForm.Locator("[data-testid=insight-interviews-error]")).ToHaveTextAsync("Choose at least one interview it was heard in.");
        await Assertions.Expect(insightForm.Locator("textarea[data-testid=insight-statement], [data-testid=insight-statement] textarea").First).ToHaveValueAsync(statement);
        foreach (var person in new[] { first, second })
        {
            await insightForm.Locator("[data-testid=insight-interview-option]", new() { HasText = person }).Locator("label").First.ClickAsync();
        }

        await insightForm.Locator("[data-testid=insight-save]").ClickAsync();
        var insight = ada.Locator("[data-testid=insight-item]", new() { HasText = statement });
        await Assertions.Expect(insight.Locator("[data-testid=insight-evidence]")).ToHaveAttributeAsync("data-weak", "false");
        await Assertions.Expect(insight.Locator("[data-testid=insight-evidence]")).ToContainTextAsync("Evidence 2");

        await Tab(ada, 2).ClickAsync();
        await ada.Locator("[data-testid=requirement-new]").ClickAsync();
        var requirementForm = ada.Locator("[data-testid=requirement-form]");
        await Input(requirementForm, "requirement-title").FillAsync(title);
        await Assertions.Expect(requirementForm.Locator("[data-testid=requirement-no-evidence-hint]")).ToBeVisibleAsync();
        await requirementForm.Locator("[data-testid=requirement-insight-option]", new() { HasText = statement }).Locator("label").First.ClickAsync();
        await requirementForm.Locator("textarea[data-testid=requirement-criteria], [data-testid=requirement-criteria] textarea").First.FillAsync("The shift lead's phone rings within a minute of a stop.");
        await requirementForm.Locator("[data-testid=requirement-save]").ClickAsync();
        var requirement = ada.Locator("[data-testid=requirement-item]", new() { HasText = title });
        await Assertions.Expect(requirement).ToBeVisibleAsync();
        await Assertions.Expect(requirement.Locator("[data-testid=requirement-no-evidence]")).ToHaveCountAsync(0);
        var requirementId = await requirement.GetAttributeAsync("data-requirement-id");

        // Bo's open page shows it without a reload.
        await Assertions.Expect(bo.Locator($"[data-testid=requirement-item][data-requirement-id='{requirementId}']")).ToContainTextAsync(title);

        await Tab(ada, 3).ClickAsync();
        var row = ada.Locator($"[data-testid=matrix-row][data-requirement-id='{requirementId}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-unevidenced", "false");
        await Assertions.Expect(row.Locator("[data-testid=matrix-cell][data-linked=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid=matrix-cell][data-linked=true]")).ToHaveTextAsync("●");

        // Bo asks about it in its thread; Ada, back on the requirement, sees the comment.
        await bo.Locator($"[data-testid=requirement-item][data-requirement-id='{requirementId}']").ClickAsync();
        var boThread = bo.Locator("[data-testid=comment-thread]");
        await boThread.Locator("textarea[data-testid=comment-input], [data-testid=comment-input] textarea").First.FillAsync($"Which phone, the lead's or the mill's? {tag}");
        await boThread.Locator("[data-testid=comment-send]").ClickAsync();
        await Tab(ada, 2).ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=comment-thread] [data-testid=comment]", new() { HasText = $"Which phone, the lead's or the mill's? {tag}" })).ToBeVisibleAsync();

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // On a phone, in English and dark: the matrix fits without the page scrolling sideways; Chinese pictured too.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            var phone = await OpenAsync(Ada, culture, "dark", consoleErrors);
            await phone.SetViewportSizeAsync(390, 860);
            await phone.ReloadAsync();
            await PortalServer.WaitUntilInteractiveAsync(phone);
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"research-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await phone.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            // The requirement's form and thread fit too.
            await Tab(phone, 2).ClickAsync();
            await phone.Locator($"[data-testid=requirement-item][data-requirement-id='{requirementId}']").ClickAsync();
            await Assertions.Expect(Input(phone.Locator("[data-testid=requirement-form]"), "requirement-title")).ToHaveValueAsync(title);
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"research-requirement-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await phone.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            await Tab(phone, 3).ClickAsync();
            await Assertions.Expect(phone.Locator($"[data-testid=matrix-row][data-requirement-id='{requirementId}'] [data-testid=matrix-cell][data-linked=true]")).ToHaveCountAsync(1);
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"research-matrix-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await phone.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            Assert.Equal("[]", await AxeFindingsAsync(phone));
            await phone.Context.CloseAsync();
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
        await page.GotoAsync($"w/{DemoSeeder.WorkspaceSlug}/research");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>A tab of the page by position (interviews, insights, requirements, matrix), whatever the language.</summary>
    private static ILocator Tab(IPage page, int index) => page.Locator("[data-testid=research-tabs] [role=tab]").Nth(index);

    /// <summary>The serious and critical axe findings on the page, as the visual sweep collects them.</summary>
    private static async Task<string> AxeFindingsAsync(IPage page)
    {
        await page.EvaluateAsync($"{VisualSweepTests.AxeSource.Value}\n;void 0");
        return await page.EvaluateAsync<string>(VisualSweepTests.AxeScript, VisualSweepTests.KnownExclusions.Select(e => new[] { e.Rule, e.Selector }).ToArray());
    }

    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
