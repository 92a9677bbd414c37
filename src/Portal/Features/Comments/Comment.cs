using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Workspaces;

namespace Portal.Features.Comments;

/// <summary>The discussion about one item of a workspace; resolved and reopened as a whole.</summary>
public sealed class CommentThread
{
    public const int TargetTypeMaxLength = 20;
    public const int TargetIdMaxLength = 64;

    public long Id { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary>What the thread is about: <c>workspace</c>, <c>canvas-note</c>, <c>kpi</c>, <c>risk</c>, <c>run</c>, <c>exercise</c>.</summary>
    public required string TargetType { get; set; }

    public required string TargetId { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedById { get; set; }

    public List<Comment> Comments { get; } = [];
}

public sealed class Comment
{
    public const int BodyMaxLength = 2000;

    public long Id { get; set; }

    public long ThreadId { get; set; }

    public string? AuthorId { get; set; }

    public required string AuthorName { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Something a user should look at: a mention, a new comment in a thread they took part in, or an announcement to their cohort.</summary>
public sealed class Notification
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary>The comment of a mention or reply; null for an announcement.</summary>
    public long? CommentId { get; set; }

    /// <summary>The instructor's message of an announcement; null for a mention or reply.</summary>
    public Guid? AnnouncementId { get; set; }

    /// <summary><c>mention</c>, <c>reply</c> or <c>announcement</c>.</summary>
    public required string Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class CommentThreadConfiguration : IEntityTypeConfiguration<CommentThread>
{
    public void Configure(EntityTypeBuilder<CommentThread> builder)
    {
        builder.Property(t => t.TargetType).HasMaxLength(CommentThread.TargetTypeMaxLength);
        builder.Property(t => t.TargetId).HasMaxLength(CommentThread.TargetIdMaxLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.TargetType, t.TargetId }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Comments).WithOne().HasForeignKey(c => c.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.Property(c => c.Body).HasMaxLength(Comment.BodyMaxLength);
        builder.Property(c => c.AuthorName).HasMaxLength(100);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Kind).HasMaxLength(20);
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(n => n.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(n => n.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Portal.Features.Announcements.Announcement>().WithMany().HasForeignKey(n => n.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
    }
}
