using Portal.Infrastructure;

namespace Portal.Features.Team;

/// <summary>The checks every save of a person or a skill passes; each problem on its own field.</summary>
internal static class TeamChecks
{
    /// <summary>Returns the input trimmed; a member's name is left to the portal, a suggested role kept as its code.</summary>
    public static TeamMemberInput Member(TeamMemberInput input)
    {
        var checks = new InputChecks();
        var userId = string.IsNullOrWhiteSpace(input.UserId) ? null : input.UserId;
        var name = userId is null ? checks.Text(nameof(input.Name), input.Name, TeamMember.NameMaxLength, required: true) : "";
        var role = checks.Text(nameof(input.Role), input.Role, TeamMember.RoleMaxLength, required: true);
        var responsibilities = checks.Text(nameof(input.Responsibilities), input.Responsibilities, TeamMember.ResponsibilitiesMaxLength);
        checks.Expect(input.HoursPerWeek is >= 0 and <= TeamMember.MaxHoursPerWeek, nameof(input.HoursPerWeek), "Team.Error.Hours", TeamMember.MaxHoursPerWeek);
        checks.ThrowIfAny();
        return new TeamMemberInput(userId, name, role, responsibilities, input.HoursPerWeek);
    }

    public static void Skill(string skill, int level)
    {
        var checks = new InputChecks();
        checks.Expect(TeamSkills.All.Contains(skill), "Skill", "Team.Error.UnknownSkill");
        checks.Expect(level is >= TeamSkill.MinLevel and <= TeamSkill.MaxLevel, "Level", "Team.Error.Level", TeamSkill.MaxLevel);
        checks.ThrowIfAny();
    }
}
