using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;

namespace Portal.Features.Cohorts;

/// <summary>An incubator's group of teams, followed by one or more instructors.</summary>
public sealed class Cohort
{
    public const int NameMaxLength = 80;
    public const int JoinCodeLength = 8;

    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public DateOnly StartsOn { get; set; }

    public DateOnly EndsOn { get; set; }

    /// <summary>Given by an instructor to the teams; a workspace owner joins the cohort with it.</summary>
    public required string JoinCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<CohortInstructor> Instructors { get; } = [];
}

public sealed class CohortInstructor
{
    public Guid CohortId { get; set; }

    public required string UserId { get; set; }
}

internal sealed class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(Cohort.NameMaxLength);
        builder.Property(c => c.JoinCode).HasMaxLength(Cohort.JoinCodeLength);
        builder.HasIndex(c => c.JoinCode).IsUnique();
        builder.HasMany(c => c.Instructors).WithOne().HasForeignKey(i => i.CohortId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CohortInstructorConfiguration : IEntityTypeConfiguration<CohortInstructor>
{
    public void Configure(EntityTypeBuilder<CohortInstructor> builder)
    {
        builder.HasKey(i => new { i.CohortId, i.UserId });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.UserId);
    }
}
