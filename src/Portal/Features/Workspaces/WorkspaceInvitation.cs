using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Features.Workspaces;

/// <summary>
/// A single-use invitation: either a link (only the SHA-256 of its token is stored) or addressed to an
/// e-mail address: the account using it, or the one registered with it later. It ends when accepted,
/// declined, revoked or expired.
/// </summary>
public sealed class WorkspaceInvitation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public WorkspaceRole Role { get; set; }

    /// <summary>Set for an invitation by e-mail when an account used the address then; only that account may use it.</summary>
    public string? InviteeUserId { get; set; }

    /// <summary>The address an invitation by e-mail was sent to, as the inviter typed it.</summary>
    public string? InviteeEmail { get; set; }

    /// <summary>
    /// <see cref="InviteeEmail"/> normalized as Identity normalizes addresses; an invitation with no
    /// <see cref="InviteeUserId"/> is for the account registered with this address later.
    /// </summary>
    public string? InviteeNormalizedEmail { get; set; }

    /// <summary>Set for an invitation link: the hex SHA-256 of the token in the link.</summary>
    public string? TokenHash { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public string? AcceptedById { get; set; }

    public DateTimeOffset? DeclinedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && DeclinedAt is null && RevokedAt is null && ExpiresAt > now;
}

internal sealed class WorkspaceInvitationConfiguration : IEntityTypeConfiguration<WorkspaceInvitation>
{
    public void Configure(EntityTypeBuilder<WorkspaceInvitation> builder)
    {
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.InviteeUserId);
        builder.Property(i => i.InviteeEmail).HasMaxLength(256);
        builder.Property(i => i.InviteeNormalizedEmail).HasMaxLength(256);
        builder.HasIndex(i => i.InviteeNormalizedEmail);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
