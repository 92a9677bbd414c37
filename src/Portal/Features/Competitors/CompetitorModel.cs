using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;

namespace Portal.Features.Competitors;

/// <summary>How far a company's funding has gone, as far as the team knows.</summary>
public enum FundingStage
{
    Unknown,
    Bootstrapped,
    PreSeed,
    Seed,
    SeriesA,
    SeriesB,
    LaterStage,
    Public,
    Acquired,
}

/// <summary>
/// A company the team competes with, or the team's own company (<see cref="IsOwnCompany"/>, at most one per workspace),
/// which is one more column of the matrix and one more point of every positioning map.
/// </summary>
public sealed class Competitor
{
    public const int NameMaxLength = 120;
    public const int WebsiteMaxLength = 300;
    public const int SegmentMaxLength = 120;
    public const int PricingMaxLength = 300;
    public const int TextMaxLength = 2000;
    public const int MaxPerWorkspace = 30;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public bool IsOwnCompany { get; set; }

    /// <summary>An absolute http(s) address, or empty.</summary>
    public string Website { get; set; } = "";

    public string Segment { get; set; } = "";

    public string Pricing { get; set; } = "";

    public FundingStage FundingStage { get; set; }

    public string Strengths { get; set; } = "";

    public string Weaknesses { get; set; } = "";

    /// <summary>Column order in the matrix, 0 first.</summary>
    public int Position { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>Where each fact came from and when it was seen; at most one per <see cref="CompetitorFact"/>.</summary>
    public List<CompetitorSource> Sources { get; } = [];
}

/// <summary>The facts about a competitor that carry a source and a date.</summary>
public enum CompetitorFact
{
    Website,
    Segment,
    Pricing,
    FundingStage,
    Strengths,
    Weaknesses,
}

/// <summary>Where one fact about a competitor came from (a link or a short description) and the day it was seen there.</summary>
public sealed class CompetitorSource
{
    public const int SourceMaxLength = 300;

    public Guid CompetitorId { get; set; }

    public CompetitorFact Fact { get; set; }

    public string Source { get; set; } = "";

    public DateOnly? SeenOn { get; set; }
}

/// <summary>A row of the comparison matrix: a feature or attribute every company is compared on.</summary>
public sealed class ComparisonRow
{
    public const int NameMaxLength = 120;
    public const int MaxPerWorkspace = 60;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    /// <summary>Row order, 0 first.</summary>
    public int Position { get; set; }

    /// <summary>Hidden rows are left out of the matrix (a switch shows them) but kept, with their cells.</summary>
    public bool Hidden { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>What a matrix cell says: yes, no, partly, or a value of its own (a price, a number of languages).</summary>
public enum CellKind
{
    Yes,
    No,
    Partial,
    Value,
}

/// <summary>One cell of the matrix (an attribute of one company); an absent row means "not known yet".</summary>
public sealed class ComparisonCell
{
    public const int ValueMaxLength = 120;
    public const int NoteMaxLength = 500;

    public Guid WorkspaceId { get; set; }

    public Guid RowId { get; set; }

    public Guid CompetitorId { get; set; }

    public CellKind Kind { get; set; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="CellKind.Value"/>; empty otherwise.</summary>
    public string Value { get; set; } = "";

    public string Note { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>
/// A positioning map: two axes the team chose (price vs model quality…), each from <see cref="Min"/> to
/// <see cref="Max"/>, with every company placed on it.
/// </summary>
public sealed class PositioningMap
{
    public const int NameMaxLength = 120;
    public const int AxisMaxLength = 80;
    public const int MaxPerWorkspace = 10;
    public const double Min = 0;
    public const double Max = 10;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public required string XAxis { get; set; }

    public required string YAxis { get; set; }

    /// <summary>Order of the maps, 0 first.</summary>
    public int Position { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<MapPlacement> Placements { get; } = [];
}

/// <summary>Where one company sits on one map; a company with no row is not placed yet.</summary>
public sealed class MapPlacement
{
    public Guid MapId { get; set; }

    public Guid CompetitorId { get; set; }

    public double X { get; set; }

    public double Y { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>The generic competitive strategies of the outline (4.3.3).</summary>
public enum CompetitiveStrategyKind
{
    Differentiation,
    CostLeadership,
    Focus,
}

/// <summary>The team's competitive strategy, one per workspace, tied to the value propositions that carry it.</summary>
public sealed class CompetitiveStrategy
{
    public const int TextMaxLength = 4000;
    public const int SegmentMaxLength = 120;
    public const int MaxValuePropositions = 20;

    public Guid WorkspaceId { get; set; }

    public CompetitiveStrategyKind Kind { get; set; }

    /// <summary>The segment a focus strategy serves; empty for the others.</summary>
    public string FocusSegment { get; set; } = "";

    /// <summary>The strategy in the team's words: the advantage, why it lasts, what the team will not do.</summary>
    public string Statement { get; set; } = "";

    public string? UpdatedById { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<StrategyValueProposition> ValuePropositions { get; } = [];
}

/// <summary>A Value Propositions note of the canvas the strategy rests on.</summary>
public sealed class StrategyValueProposition
{
    public Guid WorkspaceId { get; set; }

    public Guid CanvasNoteId { get; set; }
}

internal sealed class CompetitorConfiguration : IEntityTypeConfiguration<Competitor>
{
    public void Configure(EntityTypeBuilder<Competitor> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(Competitor.NameMaxLength);
        builder.Property(c => c.Website).HasMaxLength(Competitor.WebsiteMaxLength);
        builder.Property(c => c.Segment).HasMaxLength(Competitor.SegmentMaxLength);
        builder.Property(c => c.Pricing).HasMaxLength(Competitor.PricingMaxLength);
        builder.Property(c => c.Strengths).HasMaxLength(Competitor.TextMaxLength);
        builder.Property(c => c.Weaknesses).HasMaxLength(Competitor.TextMaxLength);
        builder.Property(c => c.FundingStage).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.WorkspaceId);
        // At most one row is the team's own company.
        builder.HasIndex([nameof(Competitor.WorkspaceId)], "IX_Competitors_OwnCompany").IsUnique().HasFilter("\"IsOwnCompany\"");
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Sources).WithOne().HasForeignKey(s => s.CompetitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompetitorSourceConfiguration : IEntityTypeConfiguration<CompetitorSource>
{
    public void Configure(EntityTypeBuilder<CompetitorSource> builder)
    {
        builder.HasKey(s => new { s.CompetitorId, s.Fact });
        builder.Property(s => s.Fact).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Source).HasMaxLength(CompetitorSource.SourceMaxLength);
    }
}

internal sealed class ComparisonRowConfiguration : IEntityTypeConfiguration<ComparisonRow>
{
    public void Configure(EntityTypeBuilder<ComparisonRow> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(ComparisonRow.NameMaxLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComparisonCellConfiguration : IEntityTypeConfiguration<ComparisonCell>
{
    public void Configure(EntityTypeBuilder<ComparisonCell> builder)
    {
        builder.HasKey(c => new { c.RowId, c.CompetitorId });
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Value).HasMaxLength(ComparisonCell.ValueMaxLength);
        builder.Property(c => c.Note).HasMaxLength(ComparisonCell.NoteMaxLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ComparisonRow>().WithMany().HasForeignKey(c => c.RowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Competitor>().WithMany().HasForeignKey(c => c.CompetitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PositioningMapConfiguration : IEntityTypeConfiguration<PositioningMap>
{
    public void Configure(EntityTypeBuilder<PositioningMap> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(PositioningMap.NameMaxLength);
        builder.Property(m => m.XAxis).HasMaxLength(PositioningMap.AxisMaxLength);
        builder.Property(m => m.YAxis).HasMaxLength(PositioningMap.AxisMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Placements).WithOne().HasForeignKey(p => p.MapId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MapPlacementConfiguration : IEntityTypeConfiguration<MapPlacement>
{
    public void Configure(EntityTypeBuilder<MapPlacement> builder)
    {
        builder.HasKey(p => new { p.MapId, p.CompetitorId });
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Competitor>().WithMany().HasForeignKey(p => p.CompetitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompetitiveStrategyConfiguration : IEntityTypeConfiguration<CompetitiveStrategy>
{
    public void Configure(EntityTypeBuilder<CompetitiveStrategy> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.FocusSegment).HasMaxLength(CompetitiveStrategy.SegmentMaxLength);
        builder.Property(s => s.Statement).HasMaxLength(CompetitiveStrategy.TextMaxLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UpdatedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.ValuePropositions).WithOne().HasForeignKey(v => v.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StrategyValuePropositionConfiguration : IEntityTypeConfiguration<StrategyValueProposition>
{
    public void Configure(EntityTypeBuilder<StrategyValueProposition> builder)
    {
        builder.HasKey(v => new { v.WorkspaceId, v.CanvasNoteId });
        builder.HasOne<CanvasNote>().WithMany().HasForeignKey(v => v.CanvasNoteId).OnDelete(DeleteBehavior.Cascade);
    }
}
