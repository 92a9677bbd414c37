using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Exercises;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Exercises;

public sealed class ExerciseProjectorTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    [Fact]
    public async Task Only_the_cohort_s_instructors_open_the_projector_view()
    {
        var workspace = await world.NewWorkspaceAsync();
        var cohortId = workspace.CohortId!.Value;
        var exerciseId = await world.Services.GetRequiredService<ExerciseService>().PostAsync(
            world.Id(Persona.CohortInstructor)!, cohortId, new ExerciseInput("Pitch in 60 seconds", "", "none", DateTimeOffset.UtcNow.AddMinutes(30)));
        var url = $"/cohorts/{cohortId}/exercises/{exerciseId}/projector";

        var instructor = world.CreateBrowserClient();
        await AccountTests.LogInAsync(instructor, await TestUsers.EmailOfAsync(world.Services, world.Id(Persona.CohortInstructor)!), TestUsers.Password);
        var page = await FormPoster.ParseAsync(await instructor.GetAsync(url));

        Assert.Contains("Pitch in 60 seconds", page.QuerySelector("[data-testid=projector]")?.TextContent, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("[data-testid=projector-team]"));
        Assert.Null(page.QuerySelector(".mud-appbar"));
        foreach (var other in new[] { Persona.OtherInstructor, Persona.Owner })
        {
            var client = world.CreateBrowserClient();
            await AccountTests.LogInAsync(client, await TestUsers.EmailOfAsync(world.Services, world.Id(other)!), TestUsers.Password);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }
    }
}
