using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

namespace Portal.Features.Compliance;

/// <summary>
/// A workspace's answers to the compliance questions (<c>content/compliance/*/questions.yaml</c>), one record per
/// workspace: for each question code the answer codes chosen, as JSON (<c>{"users_in":["eu","china"]}</c>).
/// </summary>
public sealed class ComplianceProfile
{
    public const int AnswersMaxLength = 8000;

    public Guid WorkspaceId { get; set; }

    public string AnswersJson { get; set; } = "{}";

    /// <summary>The questions file's version the answers were given to.</summary>
    public int QuestionsVersion { get; set; }

    public string? UpdatedById { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

public enum ComplianceItemStatus
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>
/// The team's work on one checklist item of a regime (by the item's stable id in the content files): status, evidence,
/// owner, review date, whether it applies when the team overrides what the answers decide, and the register risk it became.
/// A workspace has at most one row per item; an item with no row is not started.
/// </summary>
public sealed class ComplianceItemState
{
    public const int ItemIdMaxLength = 80;
    public const int RegimeIdMaxLength = 40;
    public const int EvidenceMaxLength = 2000;

    public Guid WorkspaceId { get; set; }

    public required string ItemId { get; set; }

    public required string RegimeId { get; set; }

    /// <summary>Null: as the answers decide; true or false: the team's own judgement.</summary>
    public bool? AppliesOverride { get; set; }

    public ComplianceItemStatus Status { get; set; }

    /// <summary>A note or a link showing the item is met.</summary>
    public string Evidence { get; set; } = "";

    public string? OwnerUserId { get; set; }

    public DateOnly? ReviewDate { get; set; }

    /// <summary>The register risk this item became; cleared when the risk is deleted.</summary>
    public Guid? RiskId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class ComplianceProfileConfiguration : IEntityTypeConfiguration<ComplianceProfile>
{
    public void Configure(EntityTypeBuilder<ComplianceProfile> builder)
    {
        builder.HasKey(p => p.WorkspaceId);
        builder.Property(p => p.AnswersJson).HasMaxLength(ComplianceProfile.AnswersMaxLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UpdatedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ComplianceItemStateConfiguration : IEntityTypeConfiguration<ComplianceItemState>
{
    public void Configure(EntityTypeBuilder<ComplianceItemState> builder)
    {
        builder.HasKey(s => new { s.WorkspaceId, s.ItemId });
        builder.Property(s => s.ItemId).HasMaxLength(ComplianceItemState.ItemIdMaxLength);
        builder.Property(s => s.RegimeId).HasMaxLength(ComplianceItemState.RegimeIdMaxLength);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Evidence).HasMaxLength(ComplianceItemState.EvidenceMaxLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.RiskId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Risk>().WithMany().HasForeignKey(s => s.RiskId).OnDelete(DeleteBehavior.SetNull);
    }
}
