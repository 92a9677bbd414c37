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

    [Fact]
    public async Task Simultaneous_saves_of_the_details_store_one_and_leave_the_other_person_their_text_to_apply()
    {
        var (ada, bo) = await OpenAsBothFoundersAsync();
        for (var round = 1; round <= 10; round++)
        {
            var (adaPitch, boPitch) = ($"Ada's pitch {round}", $"Bo's pitch {round}");
            foreach (var (page, pitch) in new[] { (ada, adaPitch), (bo, boPitch) })
            {
                await page.Locator("[data-testid=details-edit]").ClickAsync();
                await Pitch(page).FillAsync(pitch);
            }

            await Task.WhenAll(ada.Locator("[data-testid=details-save]").ClickAsync(), bo.Locator("[data-testid=details-save]").ClickAsync());

            // Whoever lost keeps the editor, their text and the other's; the winner's editor is closed.
            await Assertions.Expect(ada.Locator("[data-testid=conflict]").Or(ada.Locator("[data-testid=details-edit]"))).ToBeVisibleAsync();
            await Assertions.Expect(bo.Locator("[data-testid=conflict]").Or(bo.Locator("[data-testid=details-edit]"))).ToBeVisibleAsync();
            var adaLost = await ada.Locator("[data-testid=conflict]").IsVisibleAsync();
            var (loser, loserPitch, winnerPitch) = adaLost ? (ada, adaPitch, boPitch) : (bo, boPitch, adaPitch);
            await Assertions.Expect((adaLost ? bo : ada).Locator("[data-testid=conflict]")).ToHaveCountAsync(0);
            await Assertions.Expect(loser.Locator("[data-testid=conflict-theirs]")).ToContainTextAsync(winnerPitch);
            await Assertions.Expect(Pitch(loser)).ToHaveValueAsync(loserPitch);

            await loser.Locator("[data-testid=conflict-apply-mine]").ClickAsync();
            await Assertions.Expect(ada.Locator("[data-testid=workspace-pitch]")).ToHaveTextAsync(loserPitch);
            await Assertions.Expect(bo.Locator("[data-testid=workspace-pitch]")).ToHaveTextAsync(loserPitch);
            await Assertions.Expect(loser.Locator("[data-testid=details-edit]")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task Text_typed_into_the_details_and_a_comment_is_kept_through_a_teammate_s_save_and_a_reload()
    {
        var (ada, bo) = await OpenAsBothFoundersAsync();
        await bo.Locator("[data-testid=details-edit]").ClickAsync();
        await Pitch(bo).FillAsync("Bo is still writing the pitch");
        await bo.Locator("[data-testid=comment-input] textarea, textarea[data-testid=comment-input]").First.FillAsync("A comment Bo has not sent");

        await ada.Locator("[data-testid=details-edit]").ClickAsync();
        await Pitch(ada).FillAsync("Ada saved a pitch");
        await ada.Locator("[data-testid=details-save]").ClickAsync();

        // Bo sees Ada's pitch live beside his own text, which stays.
        await Assertions.Expect(bo.Locator("[data-testid=conflict-theirs]")).ToContainTextAsync("Ada saved a pitch");
        await Assertions.Expect(Pitch(bo)).ToHaveValueAsync("Bo is still writing the pitch");

        // A reload keeps both drafts and says so.
        await bo.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(bo);
        await Assertions.Expect(Pitch(bo)).ToHaveValueAsync("Bo is still writing the pitch");
        await Assertions.Expect(bo.Locator("[data-testid=draft-restored]")).ToBeVisibleAsync();
        await Assertions.Expect(bo.Locator("[data-testid=conflict-theirs]")).ToContainTextAsync("Ada saved a pitch");
        await Assertions.Expect(bo.Locator("[data-testid=comment-input] textarea, textarea[data-testid=comment-input]").First).ToHaveValueAsync("A comment Bo has not sent");
    }

    private static ILocator Pitch(IPage page) => page.Locator("input[data-testid=details-pitch], [data-testid=details-pitch] input");

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
