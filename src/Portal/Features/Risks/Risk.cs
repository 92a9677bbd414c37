using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Features.Workspaces;

namespace Portal.Features.Risks;

/// <summary>The guide's risk categories (chapters on technical, legal and market risks).</summary>
public enum RiskCategory
{
    TechnicalAlgorithm,
    DataPrivacy,
    LegalCompliance,
    MarketCompetition,
    Team,
    Financial,
}

public enum RiskStatus
{
    Open,
    Mitigating,
    Accepted,
    Closed,
}

public sealed class Risk
{
    public const int TitleMaxLength = 120;
    public const int TextMaxLength = 2000;
    public const int MaxPerWorkspace = 500;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public RiskCategory Category { get; set; }

    public required string Title { get; set; }

    public string Description { get; set; } = "";

    public int Likelihood { get; set; }

    public int Impact { get; set; }

    public string? OwnerUserId { get; set; }

    public string Mitigation { get; set; } = "";

    public DateOnly? ReviewDate { get; set; }

    public RiskStatus Status { get; set; }

    public int ResidualLikelihood { get; set; }

    public int ResidualImpact { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class RiskConfiguration : IEntityTypeConfiguration<Risk>
{
    public void Configure(EntityTypeBuilder<Risk> builder)
    {
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Title).HasMaxLength(Risk.TitleMaxLength);
        builder.Property(r => r.Description).HasMaxLength(Risk.TextMaxLength);
        builder.Property(r => r.Mitigation).HasMaxLength(Risk.TextMaxLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public enum RiskBand
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// The guide's scoring (chapter "Technical risks"): likelihood 1–5 times impact 1–5; bands 1–4 low,
/// 5–9 medium, 10–16 high, 20–25 critical (17–19 cannot occur).
/// </summary>
public static class RiskScore
{
    public static int Of(int likelihood, int impact) => likelihood * impact;

    public static RiskBand Band(int score) => score switch
    {
        <= 4 => RiskBand.Low,
        <= 9 => RiskBand.Medium,
        <= 16 => RiskBand.High,
        _ => RiskBand.Critical,
    };

    /// <summary>Counts per cell of the 5×5 map: [likelihood − 1, impact − 1].</summary>
    public static int[,] HeatMap(IEnumerable<(int Likelihood, int Impact)> risks)
    {
        var cells = new int[5, 5];
        foreach (var (likelihood, impact) in risks)
        {
            if (likelihood is >= 1 and <= 5 && impact is >= 1 and <= 5)
            {
                cells[likelihood - 1, impact - 1]++;
            }
        }

        return cells;
    }
}
