using System.Diagnostics;
using Microsoft.Playwright;

namespace Portal.E2E;

public sealed class WorkspaceCollaborationTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task One_member_s_edit_appears_on_the_other_member_s_page_without_a_reload()
    {
        var (ada, bo) = await OpenAsBothFoundersAsync();

        // Each sees the other among the viewers.
        await Assertions.Expect(bo.Locator("[data-testid=viewer]")).ToHaveCountAsync(2);
        await Assertions.Expect(ada.Locator("[data-testid=viewer]")).ToHaveCountAsync(2);

        var pitch = $"Live pitch {Guid.NewGuid():N}";
        await ada.Locator("[data-testid=details-edit]").ClickAsync();
        await ada.Locator("input[data-testid=details-pitch], [data-testid=details-pitch] input").FillAsync(pitch);
        var clock = Stopwatch.StartNew();
        await ada.Locator("[data-testid=details-save]").ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=workspace-pitch]")).ToHaveTextAsync(pitch, new() { Timeout = 5000 });
        clock.Stop();
        await Assertions.Expect(bo.Locator("[data-testid=activity]")).ToContainTextAsync("Ada Founder");
        File.AppendAllText(Path.Combine(PortalServer.ArtifactsDirectory, "live-update-ms.txt"), $"{DateTimeOffset.UtcNow:O} {clock.ElapsedMilliseconds}\n");
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "workspace-home-live.png"), FullPage = true });
    }

    [Fact]
    public async Task A_stale_save_shows_the_teammate_s_value_and_can_be_applied_again()
    {
        var (ada, bo) = await OpenAsBothFoundersAsync();

        await ada.Locator("[data-testid=details-edit]").ClickAsync();
        await bo.Locator("[data-testid=details-edit]").ClickAsync();
        await ada.Locator("input[data-testid=details-pitch], [data-testid=details-pitch] input").FillAsync("Ada's pitch");
        await bo.Locator("input[data-testid=details-pitch], [data-testid=details-pitch] input").FillAsync("Bo's pitch");
        await ada.Locator("[data-testid=details-save]").ClickAsync();
        await Assertions.Expect(ada.Locator("[data-testid=workspace-pitch]")).ToHaveTextAsync("Ada's pitch");

        await bo.Locator("[data-testid=details-save]").ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=conflict]")).ToContainTextAsync("Ada's pitch");
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "workspace-conflict.png") });

        await bo.Locator("[data-testid=conflict-apply-mine]").ClickAsync();
        await Assertions.Expect(bo.Locator("[data-testid=workspace-pitch]")).ToHaveTextAsync("Bo's pitch");
        await Assertions.Expect(ada.Locator("[data-testid=workspace-pitch]")).ToHaveTextAsync("Bo's pitch");
    }

    [Fact]
    public async Task Someone_who_guesses_the_workspace_address_gets_the_not_found_page()
    {
        var page = await server.NewPageAsync();
        var email = $"guess-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("Account/Register");
        await page.Locator("[name='Input.DisplayName']").FillAsync("Guesser");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync("Guess-Password-1");
        await page.Locator("[name='Input.ConfirmPassword']").FillAsync("Guess-Password-1");
        await page.Locator("[data-testid=register-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();

        var response = await page.GotoAsync("w/loomsight");

        Assert.Equal(404, response?.Status);
        await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Loomsight");
    }

    /// <summary>The two founders of the seeded workspace, each in their own browser context, on its live home page.</summary>
    private async Task<(IPage Ada, IPage Bo)> OpenAsBothFoundersAsync()
    {
        var ada = await server.LogInAsync("founder.a@portal.local");
        var bo = await server.LogInAsync("founder.b@portal.local");
        foreach (var page in new[] { ada, bo })
        {
            await page.GotoAsync("w/loomsight");
            await PortalServer.WaitUntilInteractiveAsync(page);
        }

        return (ada, bo);
    }
}
