using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Research;
using Portal.Features.Workspaces;

namespace Portal.Features.Market;

/// <summary>A user portrait (the outline's 3.4.1): who they are, what they want, what hurts, backed by interviews.</summary>
public sealed class Persona
{
    public const int NameMaxLength = 80;
    public const int SegmentMaxLength = 120;
    public const int TextMaxLength = 2000;
    public const int QuoteMaxLength = 300;
    public const int MaxPerWorkspace = 30;
    public const int MaxInterviews = 50;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    /// <summary>Usually the text of one of the canvas's Customer Segments notes.</summary>
    public string Segment { get; set; } = "";

    public string Goals { get; set; } = "";

    public string Pains { get; set; } = "";

    /// <summary>The jobs the persona needs done.</summary>
    public string Jobs { get; set; } = "";

    public string Quote { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<PersonaInterview> Interviews { get; } = [];
}

/// <summary>An interview of the research tool a persona rests on.</summary>
public sealed class PersonaInterview
{
    public Guid PersonaId { get; set; }

    public Guid InterviewId { get; set; }
}

/// <summary>Whether a channel reaches people online or in person.</summary>
public enum ChannelReach
{
    Online,
    Offline,
}

/// <summary>The kinds of channel the outline names (3.4.2), and the few more teams use.</summary>
public enum ChannelKind
{
    SocialMedia,
    Content,
    Search,
    Ads,
    Email,
    Events,
    TradeShows,
    Partnerships,
    DirectSales,
    Referral,
    Other,
}

/// <summary>
/// A way of reaching customers with its monthly budget, the people it reaches a month and the share of them who become
/// paying customers; the customer acquisition cost is computed from these, never stored.
/// </summary>
public sealed class MarketChannel
{
    public const int NameMaxLength = 120;
    public const int MaxPerWorkspace = 30;
    public const decimal MaxMonthlyBudget = 100_000_000m;
    public const long MaxMonthlyReach = 10_000_000_000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public ChannelReach Reach { get; set; }

    public ChannelKind Kind { get; set; }

    /// <summary>US dollars a month.</summary>
    public decimal MonthlyBudget { get; set; }

    /// <summary>People reached a month.</summary>
    public long MonthlyReach { get; set; }

    /// <summary>Percent of the people reached who become paying customers, 0 to 100.</summary>
    public double ConversionPercent { get; set; }

    /// <summary>The canvas Channels note this channel started from; cleared when the note is deleted for good.</summary>
    public Guid? CanvasNoteId { get; set; }

    public int Position { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>The stages of the growth funnel (acquisition, activation, retention, revenue, referral), in order.</summary>
public enum FunnelStageKind
{
    Acquisition,
    Activation,
    Retention,
    Revenue,
    Referral,
}

/// <summary>
/// One stage of a workspace's growth funnel: a number entered by the team, or taken from a KPI's latest measurement
/// when <see cref="KpiId"/> is set. A workspace has at most one row per stage.
/// </summary>
public sealed class FunnelStage
{
    public const long MaxCount = 10_000_000_000;

    public Guid WorkspaceId { get; set; }

    public FunnelStageKind Stage { get; set; }

    /// <summary>The number entered; ignored while <see cref="KpiId"/> names a KPI with a measurement.</summary>
    public long? Count { get; set; }

    public Guid? KpiId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>
/// What one customer brings and costs, one record per workspace: price, gross margin before inference, inference cost
/// (entered, or from a lab run's cost estimate and the requests a customer makes), monthly churn, and the acquisition
/// cost (entered, or blended from the channels). Lifetime value, LTV/CAC and payback are computed, never stored.
/// </summary>
public sealed class UnitEconomics
{
    public const decimal MaxMonthlyPrice = 1_000_000m;
    public const long MaxRequestsPerCustomer = 1_000_000_000;

    public Guid WorkspaceId { get; set; }

    /// <summary>US dollars a customer pays a month.</summary>
    public decimal MonthlyPrice { get; set; }

    /// <summary>Percent of the price left after every cost of serving a customer except inference, 0 to 100.</summary>
    public double GrossMarginPercent { get; set; }

    /// <summary>Inference cost a customer a month in US dollars, entered; ignored while <see cref="LabRunId"/> is set.</summary>
    public decimal? InferenceCostPerCustomer { get; set; }

    /// <summary>A finished lab run whose serving cost prices a customer's <see cref="RequestsPerCustomer"/>.</summary>
    public Guid? LabRunId { get; set; }

    /// <summary>Model requests one customer makes a month.</summary>
    public long RequestsPerCustomer { get; set; }

    /// <summary>Percent of customers lost a month, above 0 and at most 100.</summary>
    public double MonthlyChurnPercent { get; set; }

    /// <summary>Acquisition cost entered in US dollars; null means the blended CAC of the channels.</summary>
    public decimal? CacOverride { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>
/// Sign-up cohorts and their active users month by month, pasted or uploaded as CSV; the good rows kept as JSON
/// (<c>[{"cohort":"2026-01","size":120,"active":[120,80,64]}]</c>).
/// </summary>
public sealed class RetentionCohortSet
{
    public const int NameMaxLength = 120;
    public const int MaxPerWorkspace = 10;
    public const int MaxCohorts = 60;
    public const int MaxMonths = 60;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public required string CohortsJson { get; set; }

    public string? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class PersonaConfiguration : IEntityTypeConfiguration<Persona>
{
    public void Configure(EntityTypeBuilder<Persona> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(Persona.NameMaxLength);
        builder.Property(p => p.Segment).HasMaxLength(Persona.SegmentMaxLength);
        builder.Property(p => p.Goals).HasMaxLength(Persona.TextMaxLength);
        builder.Property(p => p.Pains).HasMaxLength(Persona.TextMaxLength);
        builder.Property(p => p.Jobs).HasMaxLength(Persona.TextMaxLength);
        builder.Property(p => p.Quote).HasMaxLength(Persona.QuoteMaxLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Interviews).WithOne().HasForeignKey(i => i.PersonaId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonaInterviewConfiguration : IEntityTypeConfiguration<PersonaInterview>
{
    public void Configure(EntityTypeBuilder<PersonaInterview> builder)
    {
        builder.HasKey(i => new { i.PersonaId, i.InterviewId });
        builder.HasOne<Interview>().WithMany().HasForeignKey(i => i.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MarketChannelConfiguration : IEntityTypeConfiguration<MarketChannel>
{
    public void Configure(EntityTypeBuilder<MarketChannel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(MarketChannel.NameMaxLength);
        builder.Property(c => c.Reach).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.MonthlyBudget).HasPrecision(18, 2);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CanvasNote>().WithMany().HasForeignKey(c => c.CanvasNoteId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FunnelStageConfiguration : IEntityTypeConfiguration<FunnelStage>
{
    public void Configure(EntityTypeBuilder<FunnelStage> builder)
    {
        builder.HasKey(s => new { s.WorkspaceId, s.Stage });
        builder.Property(s => s.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Kpi>().WithMany().HasForeignKey(s => s.KpiId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class UnitEconomicsConfiguration : IEntityTypeConfiguration<UnitEconomics>
{
    public void Configure(EntityTypeBuilder<UnitEconomics> builder)
    {
        builder.HasKey(u => u.WorkspaceId);
        builder.Property(u => u.MonthlyPrice).HasPrecision(18, 2);
        builder.Property(u => u.InferenceCostPerCustomer).HasPrecision(18, 4);
        builder.Property(u => u.CacOverride).HasPrecision(18, 2);
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(u => u.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(u => u.LabRunId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RetentionCohortSetConfiguration : IEntityTypeConfiguration<RetentionCohortSet>
{
    public void Configure(EntityTypeBuilder<RetentionCohortSet> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(RetentionCohortSet.NameMaxLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
