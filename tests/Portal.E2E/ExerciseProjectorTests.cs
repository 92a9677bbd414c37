using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Cohorts;
using Portal.Features.Exercises;
using Portal.Features.Workspaces;

namespace Portal.E2E;

public sealed class ExerciseProjectorTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task The_projector_shows_a_live_countdown_and_ticks_a_team_off_when_it_submits()
    {
        var instructor = await server.UserIdAsync("instructor@portal.local");
        var founder = await server.UserIdAsync("founder.a@portal.local");
        var workspaces = server.Services.GetRequiredService<WorkspaceService>();
        var cohort = await server.Services.GetRequiredService<CohortService>().CreateAsync(
            instructor, new CohortInput("Projector cohort", DateOnly.FromDateTime(DateTime.Today), DateOnly.FromDateTime(DateTime.Today.AddDays(30)), []));
        var workspaceId = (await workspaces.GetAccessAsync(founder, "loomsight"))!.WorkspaceId;
        await workspaces.JoinCohortAsync(founder, workspaceId, cohort.JoinCode);
        var exercises = server.Services.GetRequiredService<ExerciseService>();
        var exerciseId = await exercises.PostAsync(instructor, cohort.Id, new ExerciseInput("Pitch the value proposition", "", "canvas", DateTimeOffset.UtcNow.AddMinutes(10)));

        var consoleErrors = new List<string>();
        var page = await server.LogInAsync("instructor@portal.local", consoleErrors: consoleErrors);
        await page.GotoAsync($"cohorts/{cohort.Id}/exercises/{exerciseId}/projector");
        await PortalServer.WaitUntilInteractiveAsync(page);

        var countdown = page.Locator("[data-testid=projector] [data-testid=countdown]");
        await Assertions.Expect(countdown).ToContainTextAsync("分");
        var first = await countdown.TextContentAsync();
        await Assertions.Expect(countdown).Not.ToHaveTextAsync(first!);
        await Assertions.Expect(page.Locator("[data-testid=projector-count]")).ToContainTextAsync("0 / 1");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToHaveCountAsync(0);

        await exercises.SetSubmittedAsync(founder, workspaceId, exerciseId, true);
        await Assertions.Expect(page.Locator("[data-testid=projector-count]")).ToContainTextAsync("1 / 1");
        await Assertions.Expect(page.Locator("[data-testid=projector-team].projector-done")).ToContainTextAsync("Loomsight");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "exercise-projector-dark.png") });
        await page.Locator("[data-testid=projector-contrast]").ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "exercise-projector-light.png") });
        Assert.Empty(consoleErrors);
    }
}
