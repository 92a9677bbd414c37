using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

public sealed partial class FirstRunTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Password = "E2e-Password-2026";

    [Fact]
    public async Task A_new_founder_registers_in_chinese_creates_a_workspace_at_an_edited_address_and_sees_the_checklist()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);
        await page.SetViewportSizeAsync(1366, 900);

        await page.GotoAsync("Account/Register");
        await page.Locator("[name='Input.DisplayName']").FillAsync("林蕾");
        await page.Locator("[name='Input.Email']").FillAsync($"e2e-first-run-{Guid.NewGuid():N}@example.com");
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("[name='Input.ConfirmPassword']").FillAsync(Password);
        await page.Locator("[data-testid=register-submit]").ClickAsync();
        await PortalServer.ExpectUrlAsync(page, WelcomeUrl(), consoleErrors);
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=welcome-title]")).ToHaveTextAsync("欢迎！从一个工作区开始");
        await Assertions.Expect(page.Locator("[data-testid=welcome-join]")).ToContainTextAsync("我的工作区");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "first-run-1366.png"), FullPage = true });

        // A phone loads the page at its own width (the layout's drawer settles on its breakpoint at load).
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=welcome-title]")).ToBeInViewportAsync();
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"The first-run page is {pageWidth}px wide on a 390px screen.");
        // A Chinese paragraph squeezed into a narrow column wraps one character a line; these stay nearly full width.
        foreach (var testId in new[] { "welcome-join", "welcome-sample" })
        {
            var box = await page.Locator($"[data-testid={testId}]").BoundingBoxAsync();
            Assert.True(box is { Width: > 300 }, $"{testId} is {box?.Width}px wide on a 390px screen.");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "first-run-390.png"), FullPage = true });

        await page.SetViewportSizeAsync(1366, 900);
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        var slug = page.Locator("[data-testid=workspace-slug]");
        await page.Locator("[data-testid=workspace-name]").FillAsync("织眼科技");
        // A Chinese name has no letters for the address: the form suggests one the founder may keep or edit.
        await Assertions.Expect(slug).ToHaveValueAsync(TeamSlug());
        await slug.FillAsync("Zhi Yan");
        await Assertions.Expect(page.Locator("[data-testid=workspace-slug-field]")).ToContainTextAsync("小写字母 a–z");
        var edited = $"zhiyan-{Guid.NewGuid():N}"[..14];
        await slug.FillAsync(edited);
        await Assertions.Expect(page.Locator("[data-testid=workspace-slug-field]")).Not.ToContainTextAsync("小写字母 a–z");
        await page.Locator("[data-testid=workspace-create]").ClickAsync();

        await PortalServer.ExpectUrlAsync(page, new Regex($"/w/{edited}$"), consoleErrors);
        await Assertions.Expect(page.Locator("[data-testid=workspace-title]")).ToHaveTextAsync("织眼科技");
        var checklist = page.Locator("[data-testid=getting-started]");
        await Assertions.Expect(checklist.Locator("[data-testid=getting-started-item]")).ToHaveCountAsync(6);
        await Assertions.Expect(checklist.Locator("[data-testid=getting-started-item]").First).ToContainTextAsync("读完指南第一部分");
        await Assertions.Expect(checklist.Locator("[data-testid=getting-started-progress]")).ToHaveTextAsync("已完成 0 / 6");
        await Assertions.Expect(checklist.Locator("[data-step=FillCanvas] a")).ToHaveAttributeAsync("href", $"w/{edited}/canvas");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "checklist.png") });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await checklist.ScrollIntoViewIfNeededAsync();
        pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"The workspace home is {pageWidth}px wide on a 390px screen.");
        await checklist.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "checklist-390.png") });

        Assert.Empty(consoleErrors);
    }

    [GeneratedRegex("/welcome$")]
    private static partial Regex WelcomeUrl();

    [GeneratedRegex("^team-[0-9a-f]{6}$")]
    private static partial Regex TeamSlug();
}
