using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;

namespace Portal.Features.Exercises;

/// <summary>A workshop task an instructor gives every team of a cohort, about one tool, with a deadline.</summary>
public sealed class Exercise
{
    public const int TitleMaxLength = 120;

    public static readonly IReadOnlyList<string> Tools = ["canvas", "kpis", "risks", "lab", "decisions", "research", "team", "roadmap", "competitors", "compliance", "market", "none"];

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CohortId { get; set; }

    public required string Title { get; set; }

    public required string Instructions { get; set; }

    public required string Tool { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<ExerciseSubmission> Submissions { get; } = [];
}

public sealed class ExerciseSubmission
{
    public Guid ExerciseId { get; set; }

    public Guid WorkspaceId { get; set; }

    public required string SubmittedById { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
}

internal sealed class ExerciseConfiguration : IEntityTypeConfiguration<Exercise>
{
    public void Configure(EntityTypeBuilder<Exercise> builder)
    {
        builder.Property(e => e.Title).HasMaxLength(Exercise.TitleMaxLength);
        builder.Property(e => e.Instructions).HasMaxLength(Portal.Infrastructure.UserMarkdown.MaxLength);
        builder.Property(e => e.Tool).HasMaxLength(10);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(e => e.CohortId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Submissions).WithOne().HasForeignKey(s => s.ExerciseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExerciseSubmissionConfiguration : IEntityTypeConfiguration<ExerciseSubmission>
{
    public void Configure(EntityTypeBuilder<ExerciseSubmission> builder)
    {
        builder.HasKey(s => new { s.ExerciseId, s.WorkspaceId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
