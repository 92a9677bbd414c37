using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>The getting-started checklist on a workspace home can be hidden and shown again, and each choice outlasts a reload.</summary>
public sealed class GettingStartedVisibilityTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_hidden_checklist_leaves_a_link_that_shows_it_again_in_either_language()
    {
        var consoleErrors = new List<string>();
        var page = await server.SignedInPageAsync("founder.a@portal.local", consoleErrors);
        await page.GotoAsync("w/loomsight");
        await PortalServer.WaitUntilInteractiveAsync(page);
        var checklist = page.Locator("[data-testid=getting-started]");
        var show = page.Locator("[data-testid=getting-started-show]");
        await Assertions.Expect(checklist).ToBeVisibleAsync();
        await Assertions.Expect(show).ToHaveCountAsync(0);

        await page.Locator("[data-testid=getting-started-hide]").ClickAsync();
        await Assertions.Expect(checklist).ToHaveCountAsync(0);
        await Assertions.Expect(show).ToHaveTextAsync("显示入门清单");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "getting-started-hidden.png") });

        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(show).ToBeVisibleAsync();
        await Assertions.Expect(checklist).ToHaveCountAsync(0);

        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=en|uic=en", Url = server.BaseAddress.ToString() }]);
        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(show).ToHaveTextAsync("Show getting started");

        await show.ClickAsync();
        await Assertions.Expect(checklist.Locator("h2")).ToHaveTextAsync("Getting started");
        await Assertions.Expect(checklist.Locator("[data-testid=getting-started-item]")).ToHaveCountAsync(6);
        await Assertions.Expect(show).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(checklist.Locator("[data-testid=getting-started-item]")).ToHaveCountAsync(6);
        await Assertions.Expect(show).ToHaveCountAsync(0);
        Assert.Empty(consoleErrors);
    }
}
