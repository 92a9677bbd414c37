using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Features.Workspaces;

namespace Portal.Features.Canvas;

/// <summary>The nine blocks of the Business Model Canvas (Strategyzer, CC BY-SA 3.0), in the order the poster reads.</summary>
public enum CanvasBlock
{
    KeyPartners,
    KeyActivities,
    KeyResources,
    ValuePropositions,
    CustomerRelationships,
    Channels,
    CustomerSegments,
    CostStructure,
    RevenueStreams,
}

public enum NoteColour
{
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
    Orange,
}

/// <summary>A sticky note on a workspace's canvas.</summary>
public sealed class CanvasNote
{
    public const int TextMaxLength = 1000;
    public const int MaxPerBlock = 200;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public CanvasBlock Block { get; set; }

    public required string Text { get; set; }

    public NoteColour Colour { get; set; }

    /// <summary>Position within the block, 0 first.</summary>
    public int Position { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Deleted notes are kept a while so a delete can be undone.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>A named copy of the whole canvas at one moment, to compare later versions against.</summary>
public sealed class CanvasSnapshot
{
    public const int NameMaxLength = 80;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The notes as canvas JSON (the export format).</summary>
    public required string Json { get; set; }
}

internal sealed class CanvasNoteConfiguration : IEntityTypeConfiguration<CanvasNote>
{
    public void Configure(EntityTypeBuilder<CanvasNote> builder)
    {
        builder.Property(n => n.Block).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.Colour).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Text).HasMaxLength(CanvasNote.TextMaxLength);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.HasIndex(n => new { n.WorkspaceId, n.Block, n.Position });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(n => n.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CanvasSnapshotConfiguration : IEntityTypeConfiguration<CanvasSnapshot>
{
    public void Configure(EntityTypeBuilder<CanvasSnapshot> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(CanvasSnapshot.NameMaxLength);
        builder.HasIndex(s => s.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
