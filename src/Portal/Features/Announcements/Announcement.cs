using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Announcements;

/// <summary>A short message from an instructor to every team of a cohort, shown on each team's workspace home.</summary>
public sealed class Announcement
{
    public const int BodyMaxLength = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CohortId { get; set; }

    public string? AuthorId { get; set; }

    public required string AuthorName { get; set; }

    /// <summary>Markdown, rendered through <see cref="Portal.Infrastructure.UserMarkdown"/>.</summary>
    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> builder)
    {
        builder.Property(a => a.Body).HasMaxLength(Announcement.BodyMaxLength);
        builder.Property(a => a.AuthorName).HasMaxLength(100);
        builder.HasIndex(a => new { a.CohortId, a.CreatedAt });
        builder.HasOne<Cohort>().WithMany().HasForeignKey(a => a.CohortId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}
