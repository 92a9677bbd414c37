using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Cohorts;
using Portal.Features.Comments;
using Portal.Features.Workspaces;

namespace Portal.E2E;

public sealed class CohortAnnouncementTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task An_announcement_appears_live_on_an_open_workspace_home_and_rings_the_bell()
    {
        var instructorId = await server.UserIdAsync("instructor@portal.local");
        var founderId = await server.UserIdAsync("founder.a@portal.local");
        var workspaces = server.Services.GetRequiredService<WorkspaceService>();
        var cohort = await server.Services.GetRequiredService<CohortService>().CreateAsync(
            instructorId, new CohortInput("Announcement cohort", DateOnly.FromDateTime(DateTime.Today), DateOnly.FromDateTime(DateTime.Today.AddDays(30)), []));
        await workspaces.JoinCohortAsync(founderId, (await workspaces.GetAccessAsync(founderId, "loomsight"))!.WorkspaceId, cohort.JoinCode);
        var unreadBefore = await server.Services.GetRequiredService<CommentService>().UnreadCountAsync(founderId);

        var consoleErrors = new List<string>();
        var founder = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
        await founder.GotoAsync("w/loomsight");
        await PortalServer.WaitUntilInteractiveAsync(founder);
        await Assertions.Expect(founder.Locator("[data-testid=announcement]")).ToHaveCountAsync(0);

        var instructor = await server.LogInAsync("instructor@portal.local", consoleErrors: consoleErrors);
        await instructor.GotoAsync($"cohorts/{cohort.Id}");
        await PortalServer.WaitUntilInteractiveAsync(instructor);
        var box = instructor.Locator("textarea[data-testid=announcement-body], [data-testid=announcement-body] textarea");
        await box.FillAsync("Break until **14:30**, then pitches in room 2.");
        await instructor.Locator("[data-testid=announcement-post]").ClickAsync();
        await Assertions.Expect(instructor.Locator("[data-testid=announcement-sent]")).ToContainTextAsync("Break until 14:30");
        await Assertions.Expect(box).ToHaveValueAsync("");

        await Assertions.Expect(founder.Locator("[data-testid=announcement] strong")).ToHaveTextAsync("14:30");
        await Assertions.Expect(founder.Locator("[data-testid=notifications-badge] .mud-badge")).ToHaveTextAsync($"{unreadBefore + 1}");
        await founder.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "announcement-workspace-home.png") });
        await instructor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "announcement-composer.png"), FullPage = true });
        await founder.Locator("[data-testid=notifications-button]").ClickAsync();
        await Assertions.Expect(founder.Locator("[data-testid=notification]").First).ToContainTextAsync("Break until");
        Assert.Empty(consoleErrors);
    }
}
