using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Workspaces;

public sealed class WorkspaceMembershipTests(WorkspaceWorld world) : WorkspaceMembershipChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WorkspaceMembershipTestsOnPostgres(PostgresWorkspaceWorld world) : WorkspaceMembershipChecks<PostgresWorkspaceWorld>(world);

public abstract class WorkspaceMembershipChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task Two_saves_on_the_same_version_one_wins_and_the_other_sees_the_current_value()
    {
        var workspace = await world.NewWorkspaceAsync();
        var first = world.Workspaces.UpdateDetailsAsync(Owner, workspace.Id, new("First", "", WorkspaceStage.Idea, ""), workspace.Version);
        var second = world.Workspaces.UpdateDetailsAsync(world.Id(Persona.Editor)!, workspace.Id, new("Second", "", WorkspaceStage.Idea, ""), workspace.Version);

        var results = await Task.WhenAll(Capture(first), Capture(second));

        var winner = Assert.Single(results, r => r.Saved is not null);
        var loser = Assert.Single(results, r => r.Conflict is not null);
        Assert.Equal(winner.Saved!.Name, loser.Conflict!.Current.Name);
        Assert.Equal(winner.Saved.Version, loser.Conflict.Current.Version);

        // The loser applies their value again on the version they were shown: it is saved.
        var applied = await world.Workspaces.UpdateDetailsAsync(Owner, workspace.Id, new("Mine again", "", WorkspaceStage.Idea, ""), loser.Conflict.Current.Version);
        Assert.Equal("Mine again", applied.Name);
    }

    [Fact]
    public async Task The_last_owner_cannot_leave_but_can_after_transferring_ownership()
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => world.Workspaces.LeaveAsync(Owner, workspace.Id));
        Assert.Equal("Workspace.Error.LastOwner", refused.Errors[0].MessageKey);

        await world.Workspaces.TransferOwnershipAsync(Owner, workspace.Id, world.Id(Persona.Editor)!);
        await world.Workspaces.LeaveAsync(Owner, workspace.Id);

        Assert.Null(await world.Workspaces.GetDetailsAsync(Owner, workspace.Id));
        var members = await world.Workspaces.ListMembersAsync(world.Id(Persona.Editor), workspace.Id);
        Assert.Equal(WorkspaceRole.Owner, Assert.Single(members, m => m.UserId == world.Id(Persona.Editor)).Role);
    }

    [Fact]
    public async Task The_owner_cannot_demote_or_remove_the_only_owner()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await TestUsers.CreateAsync(world.Services, "second-owner");
        await world.Invitations.InviteByEmailAsync(Owner, workspace.Id, await TestUsers.EmailOfAsync(world.Services, other), WorkspaceRole.Owner);
        var pending = Assert.Single(await world.Invitations.ListPendingForUserAsync(other));
        await world.Invitations.AnswerAsync(other, pending.Id, accept: true);

        await world.Workspaces.RemoveMemberAsync(other, workspace.Id, Owner);
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => world.Workspaces.ChangeRoleAsync(other, workspace.Id, other, WorkspaceRole.Editor));

        Assert.Equal("Workspace.Error.LastOwner", refused.Errors[0].MessageKey);
        Assert.Null(await world.Workspaces.GetAccessAsync(Owner, workspace.Id));
    }

    [Fact]
    public async Task An_invitation_link_works_once()
    {
        var workspace = await world.NewWorkspaceAsync();
        var token = await world.Invitations.CreateInvitationLinkAsync(Owner, workspace.Id, WorkspaceRole.Editor, TimeSpan.FromDays(2));
        var first = await TestUsers.CreateAsync(world.Services, "first");
        var second = await TestUsers.CreateAsync(world.Services, "second");

        var preview = await world.Invitations.PreviewLinkAsync(first, token);
        var accepted = await world.Invitations.AcceptLinkAsync(first, token);
        var reused = await world.Invitations.AcceptLinkAsync(second, token);

        Assert.Equal((InvitationOutcome.Accepted, workspace.Name, WorkspaceRole.Editor), preview);
        Assert.Equal(new InvitationResult(InvitationOutcome.Accepted, workspace.Slug), accepted);
        Assert.Equal(InvitationOutcome.AlreadyUsed, reused.Outcome);
        Assert.Equal(WorkspaceRole.Editor, (await world.Workspaces.GetAccessAsync(first, workspace.Id))!.Role);
        Assert.Null(await world.Workspaces.GetAccessAsync(second, workspace.Id));
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var invitations = new WorkspaceInvitationService(world.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Data.PortalDbContext>>(), world.Services.GetRequiredService<WorkspaceAccessCheck>(),
            world.Services.GetRequiredService<IWorkspaceEvents>(), clock);
        var workspace = await world.NewWorkspaceAsync();
        var token = await invitations.CreateInvitationLinkAsync(Owner, workspace.Id, WorkspaceRole.Viewer, TimeSpan.FromHours(1));
        var late = await TestUsers.CreateAsync(world.Services, "late");

        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(InvitationOutcome.Expired, (await invitations.AcceptLinkAsync(late, token)).Outcome);
        Assert.Null(await world.Workspaces.GetAccessAsync(late, workspace.Id));
    }

    [Fact]
    public async Task A_made_up_link_and_an_invitation_for_someone_else_are_refused()
    {
        var workspace = await world.NewWorkspaceAsync();
        var intended = await TestUsers.CreateAsync(world.Services, "intended");
        var intruder = await TestUsers.CreateAsync(world.Services, "intruder");
        await world.Invitations.InviteByEmailAsync(Owner, workspace.Id, await TestUsers.EmailOfAsync(world.Services, intended), WorkspaceRole.Editor);
        var invitation = Assert.Single(await world.Invitations.ListPendingForUserAsync(intended));

        Assert.Equal(InvitationOutcome.NotFound, (await world.Invitations.AcceptLinkAsync(intruder, "made-up-token")).Outcome);
        Assert.Equal(InvitationOutcome.NotForYou, (await world.Invitations.AnswerAsync(intruder, invitation.Id, accept: true)).Outcome);
        Assert.Empty(await world.Invitations.ListPendingForUserAsync(intruder));
        Assert.Null(await world.Workspaces.GetAccessAsync(intruder, workspace.Id));

        Assert.Equal(InvitationOutcome.Declined, (await world.Invitations.AnswerAsync(intended, invitation.Id, accept: false)).Outcome);
        Assert.Equal(InvitationOutcome.AlreadyUsed, (await world.Invitations.AnswerAsync(intended, invitation.Id, accept: true)).Outcome);
    }

    [Fact]
    public async Task Inviting_an_address_reads_the_same_whether_or_not_it_has_an_account()
    {
        var workspace = await world.NewWorkspaceAsync();
        var knownEmail = await TestUsers.EmailOfAsync(world.Services, await TestUsers.CreateAsync(world.Services, "known"));
        var unknownEmail = $"Later-{Guid.NewGuid():N}@Example.com";

        await world.Invitations.InviteByEmailAsync(Owner, workspace.Id, knownEmail, WorkspaceRole.Editor);
        await world.Invitations.InviteByEmailAsync(Owner, workspace.Id, unknownEmail, WorkspaceRole.Viewer);

        // The inviter sees the addresses as typed, not whose account one of them is.
        var open = await world.Invitations.ListOpenInvitationsAsync(Owner, workspace.Id);
        Assert.Equal(new[] { knownEmail, unknownEmail }.Order(), open.Select(i => i.InviteeName!).Order());

        // The invitation waits for whoever registers the address, in any letter case, and for nobody else.
        var intruder = await TestUsers.CreateAsync(world.Services, "intruder");
        var registered = await TestUsers.CreateWithEmailAsync(world.Services, unknownEmail.ToLowerInvariant(), "later");
        var pending = Assert.Single(await world.Invitations.ListPendingForUserAsync(registered));
        Assert.Empty(await world.Invitations.ListPendingForUserAsync(intruder));
        Assert.Equal(InvitationOutcome.NotForYou, (await world.Invitations.AnswerAsync(intruder, pending.Id, accept: true)).Outcome);
        Assert.Equal(InvitationOutcome.Accepted, (await world.Invitations.AnswerAsync(registered, pending.Id, accept: true)).Outcome);
        Assert.Equal(WorkspaceRole.Viewer, (await world.Workspaces.GetAccessAsync(registered, workspace.Id))?.Role);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("")]
    public async Task Inviting_something_that_is_no_address_or_a_member_says_why(string address)
    {
        var workspace = await world.NewWorkspaceAsync();
        var editorEmail = await TestUsers.EmailOfAsync(world.Services, world.Id(Persona.Editor)!);

        var invalid = await Assert.ThrowsAsync<InputRejectedException>(() => world.Invitations.InviteByEmailAsync(Owner, workspace.Id, address, WorkspaceRole.Editor));
        var member = await Assert.ThrowsAsync<InputRejectedException>(() => world.Invitations.InviteByEmailAsync(Owner, workspace.Id, editorEmail, WorkspaceRole.Editor));

        Assert.Equal("Workspace.Error.InvalidEmail", invalid.Errors[0].MessageKey);
        Assert.Equal("Workspace.Error.AlreadyMember", member.Errors[0].MessageKey);
        Assert.Empty(await world.Invitations.ListOpenInvitationsAsync(Owner, workspace.Id));
    }

    [Fact]
    public async Task Invalid_details_are_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() =>
            world.Workspaces.UpdateDetailsAsync(Owner, workspace.Id, new("  ", new string('x', 201), WorkspaceStage.Idea, ""), workspace.Version));

        Assert.Equal(["Name", "Pitch"], refused.Errors.Select(e => e.Field));
        Assert.Equal(workspace.Name, (await world.Workspaces.GetDetailsAsync(Owner, workspace.Id))!.Name);
    }

    [Fact]
    public async Task Every_change_is_published_to_the_workspace_s_subscribers()
    {
        var workspace = await world.NewWorkspaceAsync();
        var events = world.Services.GetRequiredService<IWorkspaceEvents>();
        var seen = new List<WorkspaceChange>();
        using var subscription = events.Subscribe(workspace.Id, change => { lock (seen) { seen.Add(change); } return Task.CompletedTask; });

        await world.Workspaces.UpdateDetailsAsync(Owner, workspace.Id, new("Live", "", WorkspaceStage.Idea, ""), workspace.Version);

        await WorkspaceWorld.WaitForChangesAsync(seen, changes => changes.Count == 1);
        Assert.Equal((WorkspaceService.DetailsTopic, Owner), (seen[0].Topic, seen[0].ActorId));
    }

    private static async Task<(WorkspaceDetails? Saved, ConcurrencyConflictException<WorkspaceDetails>? Conflict)> Capture(Task<WorkspaceDetails> save)
    {
        try
        {
            return (await save, null);
        }
        catch (ConcurrencyConflictException<WorkspaceDetails> conflict)
        {
            return (null, conflict);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
