using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Workspaces;
using Portal.Features.Canvas;
using Portal.Features.ModelLab;

namespace Portal.Features.Kpis;

/// <summary>Whether a higher value (revenue, recall) or a lower value (churn, false alarms) is better.</summary>
public enum KpiDirection
{
    Increase,
    Decrease,
}

/// <summary>A figure of a finished training run that a KPI can be bound to, so each such run records a measurement.</summary>
public enum KpiLabMetric
{
    /// <summary>Test accuracy in percent.</summary>
    TestAccuracy,
    TestLoss,
    /// <summary>Predictions per second on the server that trained it.</summary>
    InferSamplesPerSecond,
}

/// <summary>A SMART key performance indicator: one quantity, its baseline and target, a deadline and an owner.</summary>
public sealed class Kpi
{
    public const int NameMaxLength = 120;
    public const int UnitMaxLength = 20;
    public const int AnswerMaxLength = 1000;
    public const int ObjectiveMaxLength = 200;
    public const int MaxPerWorkspace = 100;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    /// <summary>The metric, in the team's own words ("paying mills").</summary>
    public required string Name { get; set; }

    public required string Unit { get; set; }

    public double Baseline { get; set; }

    public double Target { get; set; }

    public KpiDirection Direction { get; set; }

    /// <summary>The day the baseline was measured; the planned path starts here.</summary>
    public DateOnly StartDate { get; set; }

    public DateOnly Deadline { get; set; }

    public string Specific { get; set; } = "";

    public string Measurable { get; set; } = "";

    public string Achievable { get; set; } = "";

    public string Relevant { get; set; } = "";

    /// <summary>The canvas block the KPI serves; null when it serves <see cref="Objective"/> or nothing named.</summary>
    public CanvasBlock? LinkedCanvasBlock { get; set; }

    public string? Objective { get; set; }

    /// <summary>The member answerable for the number; null once their account is deleted.</summary>
    public string? OwnerUserId { get; set; }

    public string? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Concurrency token: a save made on a stale copy is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The lab figure this KPI follows, if any: every run that finishes adds it as the day's measurement.</summary>
    public KpiLabMetric? LabMetric { get; set; }

    /// <summary>Only runs on this data set (a run's <c>DatasetKey</c>) count; any data set when none.</summary>
    public string? LabDatasetKey { get; set; }

    public List<KpiMeasurement> Measurements { get; } = [];
}

/// <summary>One value of a KPI on one day; a second value for the same day replaces the first.</summary>
public sealed class KpiMeasurement
{
    public const int MaxPerKpi = 1000;

    public Guid KpiId { get; set; }

    public Guid WorkspaceId { get; set; }

    public DateOnly Date { get; set; }

    public double Value { get; set; }

    /// <summary>The training run that recorded this value, for a KPI bound to a lab metric.</summary>
    public Guid? RunId { get; set; }
}

internal sealed class KpiConfiguration : IEntityTypeConfiguration<Kpi>
{
    public void Configure(EntityTypeBuilder<Kpi> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(Kpi.NameMaxLength);
        builder.Property(k => k.Unit).HasMaxLength(Kpi.UnitMaxLength);
        builder.Property(k => k.Specific).HasMaxLength(Kpi.AnswerMaxLength);
        builder.Property(k => k.Measurable).HasMaxLength(Kpi.AnswerMaxLength);
        builder.Property(k => k.Achievable).HasMaxLength(Kpi.AnswerMaxLength);
        builder.Property(k => k.Relevant).HasMaxLength(Kpi.AnswerMaxLength);
        builder.Property(k => k.Objective).HasMaxLength(Kpi.ObjectiveMaxLength);
        builder.Property(k => k.Direction).HasConversion<string>().HasMaxLength(10);
        builder.Property(k => k.LinkedCanvasBlock).HasConversion<string>().HasMaxLength(30);
        builder.Property(k => k.Version).IsConcurrencyToken();
        builder.Property(k => k.LabMetric).HasConversion<string>().HasMaxLength(30);
        builder.Property(k => k.LabDatasetKey).HasMaxLength(64);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(k => k.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(k => k.CreatedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(k => k.Measurements).WithOne().HasForeignKey(m => m.KpiId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => new { k.WorkspaceId, k.CreatedAt });
    }
}

internal sealed class KpiMeasurementConfiguration : IEntityTypeConfiguration<KpiMeasurement>
{
    public void Configure(EntityTypeBuilder<KpiMeasurement> builder)
    {
        // One value per KPI and day, enforced by the key itself.
        builder.HasKey(m => new { m.KpiId, m.Date });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.WorkspaceId);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.SetNull);
    }
}
