using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Workspaces;

namespace Portal.Features.Team;

/// <summary>
/// One person of the founding team: a member of the workspace, or someone not on the portal (by name), with their role,
/// responsibilities, weekly time and skills.
/// </summary>
public sealed class TeamMember
{
    public const int NameMaxLength = 80;
    public const int RoleMaxLength = 80;
    public const int ResponsibilitiesMaxLength = 2000;
    public const int MaxHoursPerWeek = 80;
    public const int MaxPerWorkspace = 30;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    /// <summary>The workspace member this is, if they have an account; <see cref="Name"/> is shown otherwise.</summary>
    public string? UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A suggested role's code (<see cref="TeamRoles"/>) or the team's own wording.</summary>
    public required string Role { get; set; }

    public string Responsibilities { get; set; } = "";

    public int HoursPerWeek { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<TeamSkill> Skills { get; } = [];
}

/// <summary>How well a person covers one skill: 0 none, 1 basic, 2 working, 3 expert.</summary>
public sealed class TeamSkill
{
    public const int MinLevel = 0;
    public const int MaxLevel = 3;

    public Guid TeamMemberId { get; set; }

    /// <summary>One of <see cref="TeamSkills.All"/>.</summary>
    public required string Skill { get; set; }

    public int Level { get; set; }
}

/// <summary>The founding roles the outline names (2.3.3), as stable codes; pages show <c>Team.Role.{Code}</c>.</summary>
public static class TeamRoles
{
    public static readonly IReadOnlyList<string> Suggested = ["CEO", "CTO", "Product", "Sales", "Research", "Operations"];
}

/// <summary>The skills an AI company needs, as stable codes; pages show <c>Team.Skill.{Code}</c>.</summary>
public static class TeamSkills
{
    public static readonly IReadOnlyList<string> All =
        ["MlResearch", "MlEngineering", "Data", "Backend", "Product", "Design", "Sales", "LegalCompliance", "Finance"];
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(TeamMember.NameMaxLength);
        builder.Property(m => m.Role).HasMaxLength(TeamMember.RoleMaxLength);
        builder.Property(m => m.Responsibilities).HasMaxLength(TeamMember.ResponsibilitiesMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(m => m.Skills).WithOne().HasForeignKey(s => s.TeamMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamSkillConfiguration : IEntityTypeConfiguration<TeamSkill>
{
    public void Configure(EntityTypeBuilder<TeamSkill> builder)
    {
        builder.HasKey(s => new { s.TeamMemberId, s.Skill });
        builder.Property(s => s.Skill).HasMaxLength(30);
    }
}
