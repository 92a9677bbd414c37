using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Infrastructure;

namespace Portal.Features.Workspaces;

public sealed record InvitationInfo(Guid Id, WorkspaceRole Role, string? InviteeName, DateTimeOffset ExpiresAt, bool IsLink);

public sealed record PendingInvitation(Guid Id, string WorkspaceName, WorkspaceRole Role, string InvitedBy, DateTimeOffset ExpiresAt);

/// <summary>The outcome of using an invitation; every refusal says why.</summary>
public enum InvitationOutcome
{
    Accepted,
    Declined,
    NotFound,
    Expired,
    AlreadyUsed,
    NotForYou,
    AlreadyMember,
}

public sealed record InvitationResult(InvitationOutcome Outcome, string? WorkspaceSlug = null);

/// <summary>
/// Invitations to a workspace, by link or by e-mail address. Like <see cref="WorkspaceService"/>, whose access
/// checks it uses, every method decides access itself from the caller's user id.
/// </summary>
public sealed class WorkspaceInvitationService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    /// <summary>The longest e-mail address an invitation takes: Identity's column length for addresses.</summary>
    public const int MaxEmailLength = 256;
    public static readonly TimeSpan DefaultInvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxInvitationLifetime = TimeSpan.FromDays(30);

    /// <summary>Creates a single-use link; the token is returned once and only its hash is kept.</summary>
    public async Task<string> CreateInvitationLinkAsync(string userId, Guid workspaceId, WorkspaceRole role, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxInvitationLifetime)
        {
            throw new InputRejectedException("lifetime", "Workspace.Error.InvitationLifetime", (int)MaxInvitationLifetime.TotalDays);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Invite, cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var now = clock.GetUtcNow();
        db.Add(new WorkspaceInvitation
        {
            WorkspaceId = workspaceId,
            Role = role,
            TokenHash = Hash(token),
            CreatedById = userId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "invitation.link", role.ToString(), null, now);
        await db.SaveChangesAsync(cancellationToken);
        await PublishMembersChangeAsync(workspaceId, userId, now);
        return token;
    }

    /// <summary>
    /// Invites whoever uses an e-mail address: its account now, or the account registered with it later. The
    /// inviter is told the same either way, so the form cannot be used to learn which addresses have accounts.
    /// </summary>
    public async Task InviteByEmailAsync(string userId, Guid workspaceId, string email, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Invite, cancellationToken);
        var address = (email ?? "").Trim();
        if (address.Length > MaxEmailLength || !new EmailAddressAttribute().IsValid(address))
        {
            throw new InputRejectedException("email", "Workspace.Error.InvalidEmail");
        }

        var normalized = address.ToUpperInvariant();
        var invitee = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (invitee is not null && await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == invitee.Id, cancellationToken))
        {
            // Members are listed on the same page, so this tells the inviter nothing new.
            throw new InputRejectedException("email", "Workspace.Error.AlreadyMember");
        }

        var now = clock.GetUtcNow();
        db.Add(new WorkspaceInvitation
        {
            WorkspaceId = workspaceId,
            Role = role,
            InviteeUserId = invitee?.Id,
            InviteeEmail = address,
            InviteeNormalizedEmail = normalized,
            CreatedById = userId,
            CreatedAt = now,
            ExpiresAt = now + DefaultInvitationLifetime,
        });
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "invitation.email", address, null, now);
        await db.SaveChangesAsync(cancellationToken);
        await PublishMembersChangeAsync(workspaceId, userId, now);
    }

    public async Task<IReadOnlyList<InvitationInfo>> ListOpenInvitationsAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is not { } access || !access.Can(WorkspaceAction.Invite))
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var rows = await db.Set<WorkspaceInvitation>().AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null)
            .GroupJoin(db.Users, i => i.InviteeUserId, u => u.Id, (i, users) => new { Invitation = i, Users = users })
            .SelectMany(x => x.Users.DefaultIfEmpty(), (x, u) => new { x.Invitation, Invitee = u })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => r.Invitation.ExpiresAt > now)
            .OrderBy(r => r.Invitation.ExpiresAt)
            .Select(r => new InvitationInfo(r.Invitation.Id, r.Invitation.Role, r.Invitation.InviteeEmail ?? r.Invitee?.NameForDisplay, r.Invitation.ExpiresAt, r.Invitation.TokenHash is not null))
            .ToList();
    }

    public async Task RevokeInvitationAsync(string userId, Guid workspaceId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Invite, cancellationToken);
        var invitation = await db.Set<WorkspaceInvitation>().SingleOrDefaultAsync(i => i.Id == invitationId && i.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("invitation", "Invitation.NotFound");
        var now = clock.GetUtcNow();
        invitation.RevokedAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        await PublishMembersChangeAsync(workspaceId, userId, now);
    }

    /// <summary>Invitations by e-mail waiting for this user's answer.</summary>
    public async Task<IReadOnlyList<PendingInvitation>> ListPendingForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(cancellationToken);
        var rows = await db.Set<WorkspaceInvitation>().AsNoTracking()
            .Where(i => i.InviteeUserId == userId || (i.InviteeUserId == null && email != null && i.InviteeNormalizedEmail == email))
            .Where(i => i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null)
            .Join(db.Workspaces.Where(w => !w.IsArchived), i => i.WorkspaceId, w => w.Id, (i, w) => new { Invitation = i, w.Name })
            .Join(db.Users, x => x.Invitation.CreatedById, u => u.Id, (x, u) => new { x.Invitation, x.Name, Inviter = u })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => r.Invitation.ExpiresAt > now)
            .Select(r => new PendingInvitation(r.Invitation.Id, r.Name, r.Invitation.Role, r.Inviter.NameForDisplay, r.Invitation.ExpiresAt))
            .ToList();
    }

    /// <summary>Describes a link's invitation without using it, so the page can ask "join X as Y?".</summary>
    public async Task<(InvitationOutcome Outcome, string? WorkspaceName, WorkspaceRole Role)> PreviewLinkAsync(string userId, string token, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindByTokenAsync(db, token, cancellationToken);
        if (invitation is null)
        {
            return (InvitationOutcome.NotFound, null, default);
        }

        var name = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        var refusal = await RefusalAsync(db, invitation, userId, cancellationToken);
        return (refusal ?? InvitationOutcome.Accepted, name, invitation.Role);
    }

    public async Task<InvitationResult> AcceptLinkAsync(string userId, string token, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindByTokenAsync(db, token, cancellationToken);
        return invitation is null ? new(InvitationOutcome.NotFound) : await AnswerAsync(db, invitation, userId, accept: true, cancellationToken);
    }

    public async Task<InvitationResult> AnswerAsync(string userId, Guid invitationId, bool accept, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await db.Set<WorkspaceInvitation>().SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        return invitation is null ? new(InvitationOutcome.NotFound) : await AnswerAsync(db, invitation, userId, accept, cancellationToken);
    }

    private async Task<InvitationResult> AnswerAsync(PortalDbContext db, WorkspaceInvitation invitation, string userId, bool accept, CancellationToken cancellationToken)
    {
        var slug = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Slug).SingleAsync(cancellationToken);
        if (await RefusalAsync(db, invitation, userId, cancellationToken) is { } refusal)
        {
            return new(refusal, refusal == InvitationOutcome.AlreadyMember ? slug : null);
        }

        var now = clock.GetUtcNow();
        var user = await WorkspaceService.UserAsync(db, userId, cancellationToken);
        if (accept)
        {
            invitation.AcceptedAt = now;
            invitation.AcceptedById = userId;
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = invitation.WorkspaceId, UserId = userId, Role = invitation.Role, JoinedAt = now });
            ActivityService.Record(db, invitation.WorkspaceId, user, "member.joined", user.NameForDisplay, null, now);
        }
        else
        {
            invitation.DeclinedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await PublishMembersChangeAsync(invitation.WorkspaceId, userId, now);
        return accept ? new(InvitationOutcome.Accepted, slug) : new(InvitationOutcome.Declined);
    }

    private async Task<InvitationOutcome?> RefusalAsync(PortalDbContext db, WorkspaceInvitation invitation, string userId, CancellationToken cancellationToken)
    {
        if (invitation.InviteeUserId is not null && invitation.InviteeUserId != userId)
        {
            return InvitationOutcome.NotForYou;
        }

        if (invitation is { InviteeUserId: null, InviteeNormalizedEmail: { } address }
            && !await db.Users.AnyAsync(u => u.Id == userId && u.NormalizedEmail == address, cancellationToken))
        {
            return InvitationOutcome.NotForYou;
        }

        if (invitation.AcceptedAt is not null || invitation.DeclinedAt is not null || invitation.RevokedAt is not null)
        {
            return InvitationOutcome.AlreadyUsed;
        }

        if (invitation.ExpiresAt <= clock.GetUtcNow())
        {
            return InvitationOutcome.Expired;
        }

        if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == invitation.WorkspaceId && m.UserId == userId, cancellationToken))
        {
            return InvitationOutcome.AlreadyMember;
        }

        return null;
    }

    private static Task<WorkspaceInvitation?> FindByTokenAsync(PortalDbContext db, string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token ?? "");
        return db.Set<WorkspaceInvitation>().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private Task PublishMembersChangeAsync(Guid workspaceId, string actorId, DateTimeOffset at) =>
        events.PublishAsync(new WorkspaceChange(workspaceId, WorkspaceService.MembersTopic, null, actorId, at));
}
