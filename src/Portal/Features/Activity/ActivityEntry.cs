using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Features.Workspaces;

namespace Portal.Features.Activity;

/// <summary>One line of a workspace's audit trail: who changed what, when, and where to find it.</summary>
public sealed class ActivityEntry
{
    public const int KindMaxLength = 40;
    public const int SummaryMaxLength = 300;

    public long Id { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary>Null when the actor's account was deleted; the entry stays.</summary>
    public string? ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>A resource key suffix such as <c>workspace.created</c>; the UI turns it into a sentence.</summary>
    public required string Kind { get; set; }

    /// <summary>What the change was about, in the user's own words (a name, a title).</summary>
    public string Subject { get; set; } = "";

    /// <summary>Portal-relative link to the item, if it has a page.</summary>
    public string? Link { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> builder)
    {
        builder.Property(a => a.Kind).HasMaxLength(ActivityEntry.KindMaxLength);
        builder.Property(a => a.ActorName).HasMaxLength(100);
        builder.Property(a => a.Subject).HasMaxLength(ActivityEntry.SummaryMaxLength);
        builder.Property(a => a.Link).HasMaxLength(300);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.WorkspaceId, a.Id });
    }
}
