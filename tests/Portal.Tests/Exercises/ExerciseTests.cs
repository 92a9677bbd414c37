using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Cohorts;
using Portal.Features.Decisions;
using Portal.Features.Exercises;
using Portal.Features.Plan;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Exercises;

public sealed class ExerciseTests(WorkspaceWorld world) : ExerciseChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ExerciseTestsOnPostgres(PostgresWorkspaceWorld world) : ExerciseChecks<PostgresWorkspaceWorld>(world);

public abstract class ExerciseChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private ExerciseService Exercises => world.Services.GetRequiredService<ExerciseService>();

    [Fact]
    public async Task An_instructor_posts_an_exercise_the_team_submits_and_the_dashboard_shows_it()
    {
        var workspace = await world.NewWorkspaceAsync();
        var cohortId = workspace.CohortId!.Value;
        var deadline = DateTimeOffset.UtcNow.AddDays(2);

        var id = await Exercises.PostAsync(world.Id(Persona.CohortInstructor)!, cohortId, new ExerciseInput("Fill the canvas", "Fill **all nine** blocks.\n\n<script>alert(1)</script> [x](javascript:alert(1))", "canvas", deadline));

        var seenByTeam = Assert.Single(await Exercises.ListForWorkspaceAsync(world.Id(Persona.Viewer), workspace.Id));
        Assert.Equal((id, "Fill the canvas", (DateTimeOffset?)null), (seenByTeam.Id, seenByTeam.Title, seenByTeam.SubmittedAt));
        Assert.Contains("<strong>all nine</strong>", seenByTeam.InstructionsHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", seenByTeam.InstructionsHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", seenByTeam.InstructionsHtml, StringComparison.OrdinalIgnoreCase);

        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Exercises.SetSubmittedAsync(world.Id(Persona.Viewer)!, workspace.Id, id, true));
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Exercises.SetSubmittedAsync(world.Id(Persona.CohortInstructor)!, workspace.Id, id, true));
        await Exercises.SetSubmittedAsync(world.Id(Persona.Editor)!, workspace.Id, id, true);

        var overview = Assert.Single((await Exercises.ListForCohortAsync(world.Id(Persona.CohortInstructor), cohortId))!, e => e.Id == id);
        Assert.Equal(1, overview.SubmittedCount);
        Assert.NotNull(Assert.Single(overview.Teams, t => t.WorkspaceId == workspace.Id).SubmittedAt);
        Assert.Null(await Exercises.ListForCohortAsync(world.Id(Persona.OtherInstructor), cohortId));
        Assert.Empty(await Exercises.ListForWorkspaceAsync(world.Id(Persona.Stranger), workspace.Id));
    }

    [Fact]
    public async Task An_exercise_on_technology_decisions_shows_each_team_s_decisions_to_the_instructor()
    {
        var workspace = await world.NewWorkspaceAsync();
        var instructor = world.Id(Persona.CohortInstructor)!;
        await world.Services.GetRequiredService<DecisionService>().CreateAsync(world.Id(Persona.Owner)!, workspace.Id, DecisionInput.NewQuestion("Which model to build on?"));

        var id = await Exercises.PostAsync(instructor, workspace.CohortId!.Value, new ExerciseInput("Decide on a model", "", "decisions", DateTimeOffset.UtcNow.AddDays(1)));

        Assert.Equal("decisions", Assert.Single(await Exercises.ListForWorkspaceAsync(world.Id(Persona.Owner), workspace.Id), e => e.Id == id).Tool);
        // The gallery shows each team's work through the plan section of the exercise's tool.
        var artefact = Assert.Single(world.Services.GetServices<IPlanSection>(), section => section.Tool == "decisions");
        Assert.Contains("Which model to build on?", await artefact.ToMarkdownAsync(instructor, workspace.Id, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_cohort_s_instructors_post_and_the_input_is_checked()
    {
        var workspace = await world.NewWorkspaceAsync();
        var cohortId = workspace.CohortId!.Value;
        var valid = new ExerciseInput("Title", "", "kpis", DateTimeOffset.UtcNow.AddHours(1));

        await Assert.ThrowsAsync<CohortAccessDeniedException>(() => Exercises.PostAsync(world.Id(Persona.OtherInstructor)!, cohortId, valid));
        await Assert.ThrowsAsync<CohortAccessDeniedException>(() => Exercises.PostAsync(world.Id(Persona.Owner)!, cohortId, valid));
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Exercises.PostAsync(
            world.Id(Persona.CohortInstructor)!, cohortId, new ExerciseInput("", new string('x', UserMarkdown.MaxLength + 1), "spreadsheet", DateTimeOffset.UtcNow.AddMinutes(-1))));

        Assert.Equal(["Title", "Instructions", "Tool", "Deadline"], refused.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task A_team_cannot_submit_an_exercise_of_another_cohort()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.Services.GetRequiredService<CohortService>().CreateAsync(world.Id(Persona.OtherInstructor)!, new CohortInput("Other", new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1), []));
        var foreign = await Exercises.PostAsync(world.Id(Persona.OtherInstructor)!, other.Id, new ExerciseInput("Elsewhere", "", "none", DateTimeOffset.UtcNow.AddDays(1)));

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Exercises.SetSubmittedAsync(world.Id(Persona.Owner)!, workspace.Id, foreign, true));

        Assert.Equal("Exercise.Error.NotInCohort", refused.Errors[0].MessageKey);
    }
}
