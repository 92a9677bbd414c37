using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Comments;
using Portal.Features.Exercises;
using Portal.Features.Workspaces;

using Portal.Tests.Infrastructure;

namespace Portal.Tests.Workspaces;

/// <summary>Each persona against each workspace operation, asserted through the services themselves.</summary>
public sealed class WorkspaceAuthorizationTests(WorkspaceWorld world) : WorkspaceAuthorizationChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WorkspaceAuthorizationTestsOnPostgres(PostgresWorkspaceWorld world) : WorkspaceAuthorizationChecks<PostgresWorkspaceWorld>(world);

public abstract class WorkspaceAuthorizationChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    [Theory]
    [MemberData(nameof(AccessExpectations.Readers), MemberType = typeof(AccessExpectations))]
    public async Task Read_details_members_and_activity(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona);

        var details = await world.Workspaces.GetDetailsAsync(user, workspace.Id);
        var members = await world.Workspaces.ListMembersAsync(user, workspace.Id);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(user, workspace.Id);
        var access = await world.Workspaces.GetAccessAsync(user, workspace.Slug);

        Assert.Equal(allowed, details is not null);
        Assert.Equal(allowed ? 3 : 0, members.Count);
        Assert.Equal(allowed, activity.Count > 0);
        Assert.Equal(allowed, access is not null);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Edit_the_company_details(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var input = new WorkspaceInput("Renamed", "New pitch", WorkspaceStage.Mvp, "Health");

        var outcome = await AccessOutcome.OfAsync(() => world.Workspaces.UpdateDetailsAsync(world.Id(persona) ?? "", workspace.Id, input, workspace.Version));

        Assert.Equal(Expected(persona, allowed), outcome);
        var stored = await world.Workspaces.GetDetailsAsync(world.Id(Persona.Owner), workspace.Id);
        Assert.Equal(allowed ? "Renamed" : workspace.Name, stored!.Name);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Create_an_exercise_submission(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var exercises = world.Services.GetRequiredService<ExerciseService>();
        var exerciseId = await exercises.PostAsync(world.Id(Persona.CohortInstructor)!, workspace.CohortId!.Value, new ExerciseInput("Canvas", "", "canvas", DateTimeOffset.UtcNow.AddDays(1)));

        var outcome = await AccessOutcome.OfAsync(() => exercises.SetSubmittedAsync(world.Id(persona) ?? "", workspace.Id, exerciseId, submitted: true));

        Assert.Equal(Expected(persona, allowed), outcome);
        var seen = Assert.Single(await exercises.ListForWorkspaceAsync(world.Id(Persona.Owner), workspace.Id));
        Assert.Equal(allowed, seen.SubmittedAt is not null);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Readers), MemberType = typeof(AccessExpectations))]
    public async Task Read_the_plan_figures(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();

        var figures = await world.Services.GetRequiredService<CohortDashboardService>().GetWorkspaceFiguresAsync(world.Id(persona), workspace.Id);

        Assert.Equal(allowed, figures.Count > 0);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.OwnersOnly), MemberType = typeof(AccessExpectations))]
    public async Task Delete_by_archiving_the_workspace(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();

        var outcome = await AccessOutcome.OfAsync(() => world.Workspaces.ArchiveAsync(world.Id(persona) ?? "", workspace.Id));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed, (await world.Workspaces.GetDetailsAsync(world.Id(Persona.Owner), workspace.Id))!.IsArchived);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.OwnersOnly), MemberType = typeof(AccessExpectations))]
    public async Task Invite_with_a_link(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();

        var outcome = await AccessOutcome.OfAsync(() => world.Invitations.CreateInvitationLinkAsync(world.Id(persona) ?? "", workspace.Id, WorkspaceRole.Viewer, TimeSpan.FromDays(1)));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed ? 1 : 0, (await world.Invitations.ListOpenInvitationsAsync(world.Id(Persona.Owner)!, workspace.Id)).Count(i => i.IsLink));
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Commenters), MemberType = typeof(AccessExpectations))]
    public async Task Comment_on_an_item(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var comments = world.Services.GetRequiredService<CommentService>();

        var outcome = await AccessOutcome.OfAsync(() => comments.AddAsync(world.Id(persona) ?? "", workspace.Id, "workspace", workspace.Id.ToString(), "A remark"));

        Assert.Equal(Expected(persona, allowed), outcome);
        var thread = await comments.GetThreadAsync(world.Id(Persona.Owner), workspace.Id, "workspace", workspace.Id.ToString());
        Assert.Equal(allowed ? 1 : 0, thread!.Comments.Count);
        var seenBy = await comments.GetThreadAsync(world.Id(persona), workspace.Id, "workspace", workspace.Id.ToString());
        Assert.Equal(persona is Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous, seenBy is null);
    }

    [Fact]
    public async Task An_archived_workspace_is_read_only_even_for_its_owner_until_restored()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        await world.Workspaces.ArchiveAsync(owner, workspace.Id);
        var archived = (await world.Workspaces.GetDetailsAsync(owner, workspace.Id))!;

        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => world.Workspaces.UpdateDetailsAsync(owner, workspace.Id, new("X", "", WorkspaceStage.Idea, ""), archived.Version));
        Assert.DoesNotContain(await world.Workspaces.ListForUserAsync(owner), w => w.Slug == workspace.Slug);

        await world.Workspaces.RestoreAsync(owner, workspace.Id);
        var restored = (await world.Workspaces.GetDetailsAsync(owner, workspace.Id))!;
        await world.Workspaces.UpdateDetailsAsync(owner, workspace.Id, new("X", "", WorkspaceStage.Idea, ""), restored.Version);
        Assert.Equal("X", (await world.Workspaces.GetDetailsAsync(owner, workspace.Id))!.Name);
    }

    private static string Expected(Persona persona, bool allowed) =>
        allowed ? "ok" : persona is Persona.Viewer or Persona.Editor or Persona.CohortInstructor ? "denied" : "not found";
}

/// <summary>Which personas each kind of operation lets through.</summary>
public static class AccessExpectations
{
    public static TheoryData<Persona, bool> Readers => new()
    {
        { Persona.Owner, true },
        { Persona.Editor, true },
        { Persona.Viewer, true },
        { Persona.CohortInstructor, true },
        { Persona.OtherInstructor, false },
        { Persona.Stranger, false },
        { Persona.Anonymous, false },
    };

    public static TheoryData<Persona, bool> Editors => new()
    {
        { Persona.Owner, true },
        { Persona.Editor, true },
        { Persona.Viewer, false },
        { Persona.CohortInstructor, false },
        { Persona.OtherInstructor, false },
        { Persona.Stranger, false },
        { Persona.Anonymous, false },
    };

    public static TheoryData<Persona, bool> Commenters => new()
    {
        { Persona.Owner, true },
        { Persona.Editor, true },
        { Persona.Viewer, false },
        { Persona.CohortInstructor, true },
        { Persona.OtherInstructor, false },
        { Persona.Stranger, false },
        { Persona.Anonymous, false },
    };

    public static TheoryData<Persona, bool> OwnersOnly => new()
    {
        { Persona.Owner, true },
        { Persona.Editor, false },
        { Persona.Viewer, false },
        { Persona.CohortInstructor, false },
        { Persona.OtherInstructor, false },
        { Persona.Stranger, false },
        { Persona.Anonymous, false },
    };
}
