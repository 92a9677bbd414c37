using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Cohorts;
using Portal.Features.Comments;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Exercises;

public sealed class AnnouncementTests(WorkspaceWorld world) : AnnouncementChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AnnouncementTestsOnPostgres(PostgresWorkspaceWorld world) : AnnouncementChecks<PostgresWorkspaceWorld>(world);

public abstract class AnnouncementChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private AnnouncementService Announcements => world.Services.GetRequiredService<AnnouncementService>();

    private CommentService Comments => world.Services.GetRequiredService<CommentService>();

    [Fact]
    public async Task The_cohort_s_members_see_the_announcement_and_are_notified_and_others_are_not()
    {
        var workspace = await world.NewWorkspaceAsync();
        var cohortId = workspace.CohortId!.Value;
        var unreadBefore = await Comments.UnreadCountAsync(world.Id(Persona.Viewer)!);
        var strangerBefore = await Comments.UnreadCountAsync(world.Id(Persona.Stranger)!);
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        await Announcements.PostAsync(world.Id(Persona.CohortInstructor)!, cohortId, "Break until **14:30** <script>alert(1)</script>");

        var seen = Assert.Single(await Announcements.ListForWorkspaceAsync(world.Id(Persona.Viewer), workspace.Id));
        Assert.Contains("<strong>14:30</strong>", seen.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", seen.BodyHtml, StringComparison.OrdinalIgnoreCase);
        foreach (var member in new[] { Persona.Owner, Persona.Editor, Persona.Viewer })
        {
            var notification = (await Comments.ListNotificationsAsync(world.Id(member)!))[0];
            Assert.Equal((AnnouncementService.NotificationKind, workspace.Slug), (notification.Kind, notification.WorkspaceSlug));
            Assert.StartsWith("Break until", notification.Snippet, StringComparison.Ordinal);
        }

        Assert.Equal(unreadBefore + 1, await Comments.UnreadCountAsync(world.Id(Persona.Viewer)!));
        Assert.Equal(strangerBefore, await Comments.UnreadCountAsync(world.Id(Persona.Stranger)!));
        Assert.Empty(await Announcements.ListForWorkspaceAsync(world.Id(Persona.Stranger), workspace.Id));
        await WorkspaceWorld.WaitForChangesAsync(changes, c => c.Any(x => x.Topic == AnnouncementService.Topic && x.Changes is ItemChanges<AnnouncementView>));
    }

    [Fact]
    public async Task Only_the_cohort_s_instructors_post_and_the_text_is_checked()
    {
        var workspace = await world.NewWorkspaceAsync();
        var cohortId = workspace.CohortId!.Value;

        await Assert.ThrowsAsync<CohortAccessDeniedException>(() => Announcements.PostAsync(world.Id(Persona.OtherInstructor)!, cohortId, "Hello"));
        await Assert.ThrowsAsync<CohortAccessDeniedException>(() => Announcements.PostAsync(world.Id(Persona.Owner)!, cohortId, "Hello"));
        Assert.Null(await Announcements.ListForCohortAsync(world.Id(Persona.OtherInstructor), cohortId));
        var empty = await Assert.ThrowsAsync<InputRejectedException>(() => Announcements.PostAsync(world.Id(Persona.CohortInstructor)!, cohortId, "  "));
        var tooLong = await Assert.ThrowsAsync<InputRejectedException>(() => Announcements.PostAsync(world.Id(Persona.CohortInstructor)!, cohortId, new string('x', Announcement.BodyMaxLength + 1)));

        Assert.Equal("Body", Assert.Single(empty.Errors).Field);
        Assert.Equal("Body", Assert.Single(tooLong.Errors).Field);
        Assert.Empty(await Announcements.ListForWorkspaceAsync(world.Id(Persona.Owner), workspace.Id));
    }
}
