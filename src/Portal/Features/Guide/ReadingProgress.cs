using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;

namespace Portal.Features.Guide;

/// <summary>How far one reader got in one chapter; the same slug in either language counts as one chapter.</summary>
public sealed class ReadingProgress
{
    public const int SlugMaxLength = 80;

    public required string UserId { get; set; }

    public required string Slug { get; set; }

    /// <summary>Share of the chapter scrolled past, 0 to 1; the furthest point reached is kept.</summary>
    public double Fraction { get; set; }

    /// <summary>Where the reader was last, 0 to 1, to resume there.</summary>
    public double LastPosition { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ReadingProgressConfiguration : IEntityTypeConfiguration<ReadingProgress>
{
    public void Configure(EntityTypeBuilder<ReadingProgress> builder)
    {
        builder.HasKey(p => new { p.UserId, p.Slug });
        builder.Property(p => p.Slug).HasMaxLength(ReadingProgress.SlugMaxLength);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
