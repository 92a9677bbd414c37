using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Features.Workspaces;

public enum WorkspaceStage
{
    Idea,
    Validation,
    Mvp,
    Growth,
}

/// <summary>A company's shared plan: its members, canvas, KPIs, risks and model runs hang off it.</summary>
public sealed class Workspace
{
    public const int NameMaxLength = 80;
    public const int SlugMaxLength = 60;
    public const int PitchMaxLength = 200;
    public const int IndustryMaxLength = 60;

    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public required string Slug { get; set; }

    public string Pitch { get; set; } = "";

    public WorkspaceStage Stage { get; set; }

    public string Industry { get; set; } = "";

    public bool IsArchived { get; set; }

    /// <summary>The incubator cohort the team joined, whose instructors may read and comment.</summary>
    public Guid? CohortId { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Concurrency token: a save made on a stale copy is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<WorkspaceMember> Members { get; } = [];
}

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(Workspace.NameMaxLength);
        builder.Property(w => w.Slug).HasMaxLength(Workspace.SlugMaxLength);
        builder.HasIndex(w => w.Slug).IsUnique();
        builder.Property(w => w.Pitch).HasMaxLength(Workspace.PitchMaxLength);
        builder.Property(w => w.Industry).HasMaxLength(Workspace.IndustryMaxLength);
        builder.Property(w => w.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasOne<Portal.Features.Cohorts.Cohort>().WithMany().HasForeignKey(w => w.CohortId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(w => w.Members).WithOne().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
