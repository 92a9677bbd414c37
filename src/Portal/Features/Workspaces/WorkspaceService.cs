using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Infrastructure;

namespace Portal.Features.Workspaces;

public sealed record WorkspaceSummary(string Slug, string Name, string Pitch, WorkspaceStage Stage, string Industry, WorkspaceRole Role, int MemberCount);

public sealed record WorkspaceInput(string Name, string Pitch, WorkspaceStage Stage, string Industry);

public sealed record WorkspaceDetails(
    Guid Id, string Slug, string Name, string Pitch, WorkspaceStage Stage, string Industry, bool IsArchived, Guid? CohortId, string? CohortName, Guid Version);

public sealed record MemberInfo(string UserId, string DisplayName, string Email, WorkspaceRole Role, DateTimeOffset JoinedAt);

/// <summary>
/// Workspaces and their members (invitations are in <see cref="WorkspaceInvitationService"/>). Every method decides
/// access itself from the caller's user id: a stranger gets nothing, a viewer changes nothing, an instructor only reads.
/// </summary>
public sealed class WorkspaceService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string DetailsTopic = "workspace";
    public const string MembersTopic = "members";

    /// <summary>The workspaces the user belongs to, newest first; archived ones are left out.</summary>
    public async Task<IReadOnlyList<WorkspaceSummary>> ListForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WorkspaceMembers
            .Where(m => m.UserId == userId)
            .Join(db.Workspaces.Where(w => !w.IsArchived), m => m.WorkspaceId, w => w.Id, (m, w) => new { Workspace = w, m.Role })
            .Select(x => new
            {
                x.Workspace.Slug,
                x.Workspace.Name,
                x.Workspace.Pitch,
                x.Workspace.Stage,
                x.Workspace.Industry,
                x.Role,
                MemberCount = x.Workspace.Members.Count,
                x.Workspace.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        return rows
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new WorkspaceSummary(r.Slug, r.Name, r.Pitch, r.Stage, r.Industry, r.Role, r.MemberCount))
            .ToList();
    }

    /// <summary>The caller's access to a workspace, or null when they may not even know it exists.</summary>
    public async Task<WorkspaceAccess?> GetAccessAsync(string? userId, string slug, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Slug == slug).Select(w => new { w.Id }).SingleOrDefaultAsync(cancellationToken);
        return workspace is null ? null : await accessCheck.ResolveAsync(db, userId, workspace.Id, cancellationToken);
    }

    public async Task<WorkspaceAccess?> GetAccessAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken);
    }

    /// <summary>Creates a workspace owned by the caller, at <paramref name="slug"/> when given (see <see cref="WorkspaceSlugs"/>).</summary>
    public async Task<WorkspaceDetails> CreateAsync(string userId, WorkspaceInput input, string? slug = null, CancellationToken cancellationToken = default)
    {
        var clean = Validate(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        var now = clock.GetUtcNow();
        var workspace = new Workspace
        {
            Name = clean.Name,
            Slug = await WorkspaceSlugs.ClaimAsync(db, slug, clean.Name, cancellationToken),
            Pitch = clean.Pitch,
            Stage = clean.Stage,
            Industry = clean.Industry,
            CreatedAt = now,
        };
        workspace.Members.Add(new WorkspaceMember { UserId = userId, Role = WorkspaceRole.Owner, JoinedAt = now });
        db.Workspaces.Add(workspace);
        ActivityService.Record(db, workspace.Id, user, "workspace.created", workspace.Name, $"/w/{workspace.Slug}", now);
        await db.SaveChangesAsync(cancellationToken);
        return ToDetails(workspace, null);
    }

    public async Task<WorkspaceDetails?> GetDetailsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is not { } access || !access.Can(WorkspaceAction.Read))
        {
            return null;
        }

        return await LoadDetailsAsync(db, workspaceId, cancellationToken);
    }

    /// <summary>Saves new details unless someone saved since <paramref name="expectedVersion"/> was read.</summary>
    public async Task<WorkspaceDetails> UpdateDetailsAsync(string userId, Guid workspaceId, WorkspaceInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        var clean = Validate(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, cancellationToken);
        if (workspace.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<WorkspaceDetails>(await LoadDetailsAsync(db, workspaceId, cancellationToken));
        }

        // The UPDATE compares the version read above, so a save racing this one between here and there loses.
        workspace.Name = clean.Name;
        workspace.Pitch = clean.Pitch;
        workspace.Stage = clean.Stage;
        workspace.Industry = clean.Industry;
        workspace.Version = Guid.NewGuid();
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await UserAsync(db, userId, cancellationToken), "workspace.updated", workspace.Name, $"/w/{access.Slug}", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<WorkspaceDetails>(await LoadDetailsAsync(fresh, workspaceId, cancellationToken));
        }

        var saved = await LoadDetailsAsync(db, workspaceId, cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, DetailsTopic, null, userId, now) { Changes = ItemChanges.Of(saved) });
        return saved;
    }

    public Task ArchiveAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default) =>
        SetArchivedAsync(userId, workspaceId, archived: true, cancellationToken);

    public Task RestoreAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default) =>
        SetArchivedAsync(userId, workspaceId, archived: false, cancellationToken);

    public async Task<IReadOnlyList<MemberInfo>> ListMembersAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is not { } access || !access.Can(WorkspaceAction.Read))
        {
            return [];
        }

        var rows = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, u.UserName, u.Email, m.Role, m.JoinedAt })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new MemberInfo(r.UserId, string.IsNullOrWhiteSpace(r.DisplayName) ? r.UserName ?? r.UserId : r.DisplayName, r.Email ?? "", r.Role, r.JoinedAt))
            .OrderByDescending(m => m.Role)
            .ThenBy(m => m.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }

    public async Task ChangeRoleAsync(string userId, Guid workspaceId, string memberUserId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Manage, cancellationToken);
        var member = await MemberAsync(db, workspaceId, memberUserId, cancellationToken);
        if (member.Role == WorkspaceRole.Owner && role != WorkspaceRole.Owner)
        {
            await EnsureAnotherOwnerAsync(db, workspaceId, memberUserId, cancellationToken);
        }

        member.Role = role;
        await SaveMembershipChangeAsync(db, userId, workspaceId, "member.role", memberUserId, cancellationToken);
    }

    public async Task RemoveMemberAsync(string userId, Guid workspaceId, string memberUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Manage, cancellationToken);
        var member = await MemberAsync(db, workspaceId, memberUserId, cancellationToken);
        if (member.Role == WorkspaceRole.Owner)
        {
            await EnsureAnotherOwnerAsync(db, workspaceId, memberUserId, cancellationToken);
        }

        db.WorkspaceMembers.Remove(member);
        await SaveMembershipChangeAsync(db, userId, workspaceId, "member.removed", memberUserId, cancellationToken);
    }

    /// <summary>The caller leaves; the last owner must hand the workspace over first.</summary>
    public async Task LeaveAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken);
        if (access?.IsMember != true)
        {
            throw new WorkspaceNotFoundException();
        }

        var member = await MemberAsync(db, workspaceId, userId, cancellationToken);
        if (member.Role == WorkspaceRole.Owner)
        {
            await EnsureAnotherOwnerAsync(db, workspaceId, userId, cancellationToken);
        }

        db.WorkspaceMembers.Remove(member);
        await SaveMembershipChangeAsync(db, userId, workspaceId, "member.left", userId, cancellationToken);
    }

    /// <summary>Makes another member the owner; the caller stays on as an editor.</summary>
    public async Task TransferOwnershipAsync(string userId, Guid workspaceId, string newOwnerUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Manage, cancellationToken);
        if (newOwnerUserId == userId)
        {
            throw new InputRejectedException("member", "Workspace.Error.AlreadyOwner");
        }

        var newOwner = await MemberAsync(db, workspaceId, newOwnerUserId, cancellationToken);
        var current = await MemberAsync(db, workspaceId, userId, cancellationToken);
        newOwner.Role = WorkspaceRole.Owner;
        current.Role = WorkspaceRole.Editor;
        await SaveMembershipChangeAsync(db, userId, workspaceId, "member.owner", newOwnerUserId, cancellationToken);
    }

    /// <summary>Lets the owner put the workspace into a cohort with the code its instructor handed out.</summary>
    public async Task<string> JoinCohortAsync(string userId, Guid workspaceId, string joinCode, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Manage, cancellationToken);
        // As pasted from a chat or a slide: spaces around or inside, any letter case.
        var code = new string([.. (joinCode ?? "").Where(c => !char.IsWhiteSpace(c))]).ToUpperInvariant();
        var cohort = await db.Set<Cohort>().SingleOrDefaultAsync(c => c.JoinCode == code, cancellationToken)
            ?? throw new InputRejectedException("joinCode", "Cohort.Error.UnknownCode");
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, cancellationToken);
        workspace.CohortId = cohort.Id;
        workspace.Version = Guid.NewGuid();
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await UserAsync(db, userId, cancellationToken), "cohort.joined", cohort.Name, null, now);
        await db.SaveChangesAsync(cancellationToken);
        await PublishAsync(workspaceId, DetailsTopic, null, userId, now);
        return cohort.Name;
    }

    internal static async Task<ApplicationUser> UserAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);

    internal Task PublishAsync(Guid workspaceId, string topic, string? itemId, string actorId, DateTimeOffset at) =>
        events.PublishAsync(new WorkspaceChange(workspaceId, topic, itemId, actorId, at));

    private async Task SetArchivedAsync(string userId, Guid workspaceId, bool archived, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Manage, cancellationToken);
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, cancellationToken);
        workspace.IsArchived = archived;
        workspace.Version = Guid.NewGuid();
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await UserAsync(db, userId, cancellationToken), archived ? "workspace.archived" : "workspace.restored", workspace.Name, $"/w/{access.Slug}", now);
        await db.SaveChangesAsync(cancellationToken);
        await PublishAsync(workspaceId, DetailsTopic, null, userId, now);
    }

    private async Task SaveMembershipChangeAsync(PortalDbContext db, string userId, Guid workspaceId, string kind, string subjectUserId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var subject = await UserAsync(db, subjectUserId, cancellationToken);
        ActivityService.Record(db, workspaceId, await UserAsync(db, userId, cancellationToken), kind, subject.NameForDisplay, null, now);
        await db.SaveChangesAsync(cancellationToken);
        await PublishAsync(workspaceId, MembersTopic, subjectUserId, userId, now);
    }

    private static async Task<WorkspaceMember> MemberAsync(PortalDbContext db, Guid workspaceId, string memberUserId, CancellationToken cancellationToken) =>
        await db.WorkspaceMembers.SingleOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == memberUserId, cancellationToken)
            ?? throw new InputRejectedException("member", "Workspace.Error.NotAMember");

    private static async Task EnsureAnotherOwnerAsync(PortalDbContext db, Guid workspaceId, string exceptUserId, CancellationToken cancellationToken)
    {
        if (!await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId != exceptUserId && m.Role == WorkspaceRole.Owner, cancellationToken))
        {
            throw new InputRejectedException("member", "Workspace.Error.LastOwner");
        }
    }

    private static async Task<WorkspaceDetails> LoadDetailsAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        var cohortName = workspace.CohortId is null
            ? null
            : await db.Set<Cohort>().Where(c => c.Id == workspace.CohortId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        return ToDetails(workspace, cohortName);
    }

    private static WorkspaceDetails ToDetails(Workspace w, string? cohortName) =>
        new(w.Id, w.Slug, w.Name, w.Pitch, w.Stage, w.Industry, w.IsArchived, w.CohortId, cohortName, w.Version);

    private static WorkspaceInput Validate(WorkspaceInput input)
    {
        var checks = new InputChecks();
        var name = checks.Text(nameof(input.Name), input.Name, Workspace.NameMaxLength, required: true);
        var pitch = checks.Text(nameof(input.Pitch), input.Pitch, Workspace.PitchMaxLength);
        var industry = checks.Text(nameof(input.Industry), input.Industry, Workspace.IndustryMaxLength);
        checks.Expect(Enum.IsDefined(input.Stage), nameof(input.Stage), "Validation.RequiredField");
        checks.ThrowIfAny();
        return new WorkspaceInput(name, pitch, input.Stage, industry);
    }
}

/// <summary>The workspace does not exist or the caller may not know of it: both look the same from outside.</summary>
public sealed class WorkspaceNotFoundException() : InvalidOperationException("No such workspace.");
