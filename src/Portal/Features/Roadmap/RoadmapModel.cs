using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Kpis;
using Portal.Features.Research;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

namespace Portal.Features.Roadmap;

/// <summary>A dated step of the plan; its definition of done may name KPIs, and it is reached when they are on target.</summary>
public sealed class Milestone
{
    public const int TitleMaxLength = 200;
    public const int DefinitionMaxLength = 4000;
    public const int MaxPerWorkspace = 50;
    public const int MaxKpis = 10;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Title { get; set; }

    public DateOnly DueOn { get; set; }

    public string DefinitionOfDone { get; set; } = "";

    /// <summary>When the milestone was first seen reached (its KPIs on target, or marked by the team); none while it is not.</summary>
    public DateTimeOffset? ReachedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<MilestoneKpi> Kpis { get; } = [];
}

/// <summary>A KPI named by a milestone's definition of done.</summary>
public sealed class MilestoneKpi
{
    public Guid MilestoneId { get; set; }

    public Guid KpiId { get; set; }
}

/// <summary>The board's columns, in their order.</summary>
public enum RoadmapTaskStatus
{
    ToDo,
    Doing,
    Blocked,
    Done,
}

/// <summary>
/// A piece of work on the board. It may serve a milestone and be linked to a requirement, a risk (its mitigation) or a
/// KPI; each link is cleared when its target is deleted.
/// </summary>
public sealed class RoadmapTask
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int SourceMaxLength = 100;
    public const int MaxPerWorkspace = 1000;
    public const double MaxEstimateDays = 365;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Title { get; set; }

    public string Description { get; set; } = "";

    /// <summary>A member of the workspace, or nobody.</summary>
    public string? AssigneeId { get; set; }

    public DateOnly? StartOn { get; set; }

    public DateOnly? DueOn { get; set; }

    /// <summary>The estimate in working days.</summary>
    public double? EstimateDays { get; set; }

    public RoadmapTaskStatus Status { get; set; }

    /// <summary>The order within its column, smallest first.</summary>
    public int Position { get; set; }

    public Guid? MilestoneId { get; set; }

    public Guid? RequirementId { get; set; }

    public Guid? RiskId { get; set; }

    public Guid? KpiId { get; set; }

    /// <summary>Where an imported task came from ("trello:{card id}", "jira:{issue key}"), so a second import does not repeat it.</summary>
    public string? Source { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(Milestone.TitleMaxLength);
        builder.Property(m => m.DefinitionOfDone).HasMaxLength(Milestone.DefinitionMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Kpis).WithOne().HasForeignKey(k => k.MilestoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneKpiConfiguration : IEntityTypeConfiguration<MilestoneKpi>
{
    public void Configure(EntityTypeBuilder<MilestoneKpi> builder)
    {
        builder.HasKey(k => new { k.MilestoneId, k.KpiId });
        builder.HasOne<Kpi>().WithMany().HasForeignKey(k => k.KpiId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoadmapTaskConfiguration : IEntityTypeConfiguration<RoadmapTask>
{
    public void Configure(EntityTypeBuilder<RoadmapTask> builder)
    {
        builder.Property(t => t.Title).HasMaxLength(RoadmapTask.TitleMaxLength);
        builder.Property(t => t.Description).HasMaxLength(RoadmapTask.DescriptionMaxLength);
        builder.Property(t => t.Source).HasMaxLength(RoadmapTask.SourceMaxLength);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.WorkspaceId, t.Status, t.Position });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Milestone>().WithMany().HasForeignKey(t => t.MilestoneId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Requirement>().WithMany().HasForeignKey(t => t.RequirementId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Risk>().WithMany().HasForeignKey(t => t.RiskId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Kpi>().WithMany().HasForeignKey(t => t.KpiId).OnDelete(DeleteBehavior.SetNull);
    }
}
