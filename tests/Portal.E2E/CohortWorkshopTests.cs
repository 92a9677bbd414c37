using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

public sealed partial class CohortWorkshopTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task An_instructor_posts_an_exercise_and_the_team_sees_its_countdown_and_submits()
    {
        var consoleErrors = new List<string>();
        var instructor = await server.LogInAsync("instructor@portal.local", consoleErrors: consoleErrors);
        await instructor.GotoAsync("cohorts");
        await PortalServer.WaitUntilInteractiveAsync(instructor);
        await instructor.Locator("input[data-testid=cohort-name], [data-testid=cohort-name] input").FillAsync("Spring 2027");
        await instructor.Locator("[data-testid=cohort-create]").ClickAsync();
        await PortalServer.ExpectUrlAsync(instructor, CohortUrl(), consoleErrors);
        var code = await instructor.Locator(".portal-code").First.TextContentAsync() ?? "";
        Assert.Matches("^[A-Z2-9]{8}$", code);

        var founder = await server.LogInAsync("founder.a@portal.local");
        await founder.GotoAsync("w/loomsight");
        await PortalServer.WaitUntilInteractiveAsync(founder);
        // Typed as people paste it: with spaces around and in lower case (a box that stops at the code's length cut it).
        await founder.Locator("input[data-testid=join-code], [data-testid=join-code] input").PressSequentiallyAsync($" {code.ToLowerInvariant()} ");
        await founder.Locator("[data-testid=join-cohort]").ClickAsync();
        await Assertions.Expect(founder.Locator("[data-testid=workspace-message]")).ToContainTextAsync("Spring 2027");

        await instructor.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(instructor);
        await Assertions.Expect(instructor.Locator("[data-testid=dashboard]")).ToContainTextAsync("Loomsight");
        await instructor.Locator("input[data-testid=exercise-title], [data-testid=exercise-title] input").FillAsync("Fill in the canvas");
        await instructor.Locator("textarea[data-testid=exercise-instructions], [data-testid=exercise-instructions] textarea").FillAsync("Fill **every** block.");
        // A reload keeps the exercise being written.
        await instructor.ReloadAsync();
        await PortalServer.WaitUntilInteractiveAsync(instructor);
        await Assertions.Expect(instructor.Locator("input[data-testid=exercise-title], [data-testid=exercise-title] input")).ToHaveValueAsync("Fill in the canvas");
        await Assertions.Expect(instructor.Locator("textarea[data-testid=exercise-instructions], [data-testid=exercise-instructions] textarea")).ToHaveValueAsync("Fill **every** block.");
        // A workshop exercise of half an hour: one click instead of a date picker and a clock face.
        await instructor.Locator("[data-testid=deadline-in-30]").ClickAsync();
        await instructor.Locator("[data-testid=exercise-post]").ClickAsync();
        await Assertions.Expect(instructor.Locator("[data-testid=exercise-progress]")).ToContainTextAsync("0 / 1");
        await Assertions.Expect(instructor.Locator("[data-testid=cohort-exercise] [data-testid=countdown]")).ToContainTextAsync(new Regex(@"^还剩 \d+ 分 \d+ 秒$"));
        // The emptied form waits for the next exercise without a "required" error, also after one typed and posted.
        var titleBox = instructor.Locator("input[data-testid=exercise-title], [data-testid=exercise-title] input");
        await Assertions.Expect(titleBox).ToHaveValueAsync("");
        await titleBox.PressSequentiallyAsync("Pitch in one minute");
        await instructor.Locator("[data-testid=deadline-in-15]").ClickAsync();
        await instructor.Locator("[data-testid=exercise-post]").ClickAsync();
        await Assertions.Expect(instructor.Locator("[data-testid=cohort-exercise]")).ToHaveCountAsync(2);
        await Assertions.Expect(titleBox).ToHaveValueAsync("");
        await Assertions.Expect(instructor.GetByText("必填")).ToHaveCountAsync(0);

        // The team's open page shows the exercise without a reload, with a live countdown.
        var exercise = founder.Locator("[data-testid=team-exercise]", new() { HasText = "Fill in the canvas" });
        await Assertions.Expect(exercise).ToContainTextAsync("Fill in the canvas");
        await Assertions.Expect(exercise.Locator("strong", new() { HasText = "every" })).ToBeVisibleAsync();
        var countdown = exercise.Locator("[data-testid=countdown]");
        await Assertions.Expect(countdown).ToContainTextAsync("还剩");
        var first = await countdown.TextContentAsync();
        await founder.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "team-exercise.png"), FullPage = true });

        await exercise.Locator("[data-testid=exercise-submit]").ClickAsync();
        await Assertions.Expect(exercise.Locator("[data-testid=exercise-submitted]")).ToBeVisibleAsync();

        await instructor.ReloadAsync();
        var canvasExercise = instructor.Locator("[data-testid=cohort-exercise]", new() { HasText = "Fill in the canvas" });
        await Assertions.Expect(canvasExercise.Locator("[data-testid=exercise-progress]")).ToContainTextAsync("1 / 1");
        await Assertions.Expect(instructor.Locator("[data-testid=progress-chart] .main-svg").First).ToBeVisibleAsync();
        await instructor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "cohort-dashboard.png"), FullPage = true });
        // The instructor discusses the team's work from the gallery; the founder is notified live.
        await canvasExercise.Locator("a", new() { HasText = "作品墙" }).ClickAsync();
        await PortalServer.WaitUntilInteractiveAsync(instructor);
        var card = instructor.Locator("[data-testid=gallery-team]", new() { HasText = "Loomsight" });
        // The exercise concerns the canvas, so each team's card shows its canvas.
        await Assertions.Expect(card.Locator("[data-testid=gallery-artefact] [data-testid=plan-canvas]")).ToBeVisibleAsync();
        await card.Locator("textarea[data-testid=comment-input], [data-testid=comment-input] textarea").First.FillAsync("@Ada Founder good start, now the cost block.");
        await card.Locator("[data-testid=comment-send]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=comment]")).ToHaveCountAsync(1);
        await Assertions.Expect(founder.Locator("[data-testid=notifications-badge] .mud-badge")).ToContainTextAsync("1");
        // A mouse click on the bell opens the notifications (it once opened from the keyboard only).
        await founder.Locator("[data-testid=notifications-button]").ClickAsync();
        await Assertions.Expect(founder.Locator("[data-testid=notification]")).ToContainTextAsync("now the cost block");
        await founder.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "notifications-open.png") });
        await instructor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "exercise-gallery.png") });

        Assert.False(string.IsNullOrEmpty(first));
        Assert.Empty(consoleErrors);
    }

    private static Regex CohortUrl() => CohortPage();

    [GeneratedRegex("/cohorts/[0-9a-f-]{36}$")]
    private static partial Regex CohortPage();
}
