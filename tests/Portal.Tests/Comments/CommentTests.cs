using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Comments;
using Portal.Features.Decisions;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Comments;

public sealed class CommentTests(WorkspaceWorld world) : CommentChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CommentTestsOnPostgres(PostgresWorkspaceWorld world) : CommentChecks<PostgresWorkspaceWorld>(world);

public abstract class CommentChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private CommentService Comments => world.Services.GetRequiredService<CommentService>();

    [Fact]
    public async Task A_mention_notifies_that_member_and_a_later_comment_notifies_earlier_participants()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var editor = world.Id(Persona.Editor)!;
        var instructor = world.Id(Persona.CohortInstructor)!;
        var before = await Comments.UnreadCountAsync(editor);

        await Comments.AddAsync(owner, workspace.Id, "workspace", workspace.Id.ToString(), "@Editor can you check the pitch?");
        await Comments.AddAsync(instructor, workspace.Id, "workspace", workspace.Id.ToString(), "Looks fine to me.");

        // The mention, then the instructor's comment in a thread the editor was mentioned in does not count twice.
        Assert.Equal(before + 1, await Comments.UnreadCountAsync(editor));
        var forEditor = await Comments.ListNotificationsAsync(editor);
        Assert.Equal(["mention"], forEditor.Where(n => n.WorkspaceSlug == workspace.Slug).Select(n => n.Kind).Distinct());
        var forOwner = await Comments.ListNotificationsAsync(owner);
        Assert.Contains(forOwner, n => n.WorkspaceSlug == workspace.Slug && n.Kind == "reply" && n.AuthorName == "CohortInstructor");
        Assert.DoesNotContain(await Comments.ListNotificationsAsync(instructor), n => n.WorkspaceSlug == workspace.Slug);

        await Comments.MarkReadAsync(editor);
        Assert.Equal(0, await Comments.UnreadCountAsync(editor));
    }

    [Fact]
    public async Task Resolving_hides_a_thread_as_resolved_and_a_new_comment_reopens_it()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var target = workspace.Id.ToString();
        await Comments.AddAsync(owner, workspace.Id, "workspace", target, "First");

        await Comments.SetResolvedAsync(world.Id(Persona.Editor)!, workspace.Id, "workspace", target, resolved: true);
        Assert.True((await Comments.GetThreadAsync(owner, workspace.Id, "workspace", target))!.IsResolved);
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Comments.SetResolvedAsync(world.Id(Persona.Viewer)!, workspace.Id, "workspace", target, resolved: false));

        await Comments.AddAsync(owner, workspace.Id, "workspace", target, "Second");
        var thread = (await Comments.GetThreadAsync(owner, workspace.Id, "workspace", target))!;
        Assert.False(thread.IsResolved);
        Assert.Equal(["First", "Second"], thread.Comments.Select(c => c.Body));
    }

    [Theory]
    [InlineData("", "Validation.RequiredField")]
    [InlineData("   ", "Validation.RequiredField")]
    public async Task Empty_comments_are_refused(string body, string key)
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Comments.AddAsync(world.Id(Persona.Owner)!, workspace.Id, "workspace", "x", body));

        Assert.Equal(key, refused.Errors[0].MessageKey);
    }

    [Fact]
    public async Task Too_long_comments_and_unknown_targets_are_refused()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;

        var tooLong = await Assert.ThrowsAsync<InputRejectedException>(() => Comments.AddAsync(owner, workspace.Id, "workspace", "x", new string('a', Comment.BodyMaxLength + 1)));
        var unknown = await Assert.ThrowsAsync<InputRejectedException>(() => Comments.AddAsync(owner, workspace.Id, "password", "x", "hi"));

        Assert.Equal("Validation.TooLong", tooLong.Errors[0].MessageKey);
        Assert.Equal("Comments.Error.UnknownTarget", unknown.Errors[0].MessageKey);
    }

    [Fact]
    public async Task A_technology_decision_has_a_thread_of_its_own()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var decision = await world.Services.GetRequiredService<DecisionService>().CreateAsync(owner, workspace.Id, DecisionInput.NewQuestion("Which model?"));

        await Comments.AddAsync(world.Id(Persona.CohortInstructor)!, workspace.Id, "decision", decision.Id.ToString(), "Did you price the hosted API?");

        var thread = await Comments.GetThreadAsync(owner, workspace.Id, "decision", decision.Id.ToString());
        Assert.Equal(["Did you price the hosted API?"], thread!.Comments.Select(c => c.Body));
        Assert.Empty((await Comments.GetThreadAsync(owner, workspace.Id, "risk", decision.Id.ToString()))?.Comments ?? []);
    }

    [Fact]
    public async Task The_people_to_mention_are_the_members_and_the_cohort_s_instructors_but_not_the_writer()
    {
        var workspace = await world.NewWorkspaceAsync();

        var people = await Comments.ListMentionableAsync(world.Id(Persona.Owner)!, workspace.Id);

        Assert.Equal(["CohortInstructor", "Editor", "Viewer"], people.Select(p => p.DisplayName));
        Assert.Empty(await Comments.ListMentionableAsync(world.Id(Persona.Stranger)!, workspace.Id));
        Assert.Empty(await Comments.ListMentionableAsync(world.Id(Persona.OtherInstructor)!, workspace.Id));
    }

    [Fact]
    public async Task A_unique_first_name_after_the_at_sign_notifies_that_member()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var mei = await JoinAsync(workspace, "Mei Lin");
        var (li, tan) = (await JoinAsync(workspace, "Li Wen"), await JoinAsync(workspace, "Tan Wei"));

        await Comments.AddAsync(owner, workspace.Id, "workspace", workspace.Id.ToString(), "@Mei the numbers, please. @Li and @Tan too");

        Assert.Equal(1, await Comments.UnreadCountAsync(mei));
        Assert.Equal(1, await Comments.UnreadCountAsync(li));
        Assert.Equal(1, await Comments.UnreadCountAsync(tan));

        // A second "Mei" makes "@Mei" ambiguous: nobody is notified by the first name alone.
        var secondMei = await JoinAsync(workspace, "Mei Chen");
        await Comments.AddAsync(owner, workspace.Id, "kpi", "k1", "@Mei which of you has the numbers?");
        Assert.Equal(1, await Comments.UnreadCountAsync(mei));
        Assert.Equal(0, await Comments.UnreadCountAsync(secondMei));
    }

    private async Task<string> JoinAsync(WorkspaceDetails workspace, string name)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var id = await TestUsers.CreateWithEmailAsync(world.Services, email, name, Portal.Data.PortalRoles.Founder);
        await world.Invitations.InviteByEmailAsync(world.Id(Persona.Owner)!, workspace.Id, email, WorkspaceRole.Editor);
        var invitation = Assert.Single(await world.Invitations.ListPendingForUserAsync(id));
        await world.Invitations.AnswerAsync(id, invitation.Id, accept: true);
        return id;
    }
}
