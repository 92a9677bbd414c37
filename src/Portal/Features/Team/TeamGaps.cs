namespace Portal.Features.Team;

/// <summary>How well the team covers one skill: the best level anyone has, and whether that leaves a gap.</summary>
public sealed record SkillCoverage(string Skill, int BestLevel, int People)
{
    public bool IsGap => BestLevel < TeamGaps.WorkingLevel;
}

/// <summary>What the team's skills and time add up to.</summary>
public sealed record TeamGapReport(IReadOnlyList<SkillCoverage> Skills, int TotalHours, bool NobodyFullTime)
{
    public IEnumerable<SkillCoverage> Gaps => Skills.Where(s => s.IsGap);
}

/// <summary>
/// The rule the page states: a skill is a gap when nobody has it at level <see cref="WorkingLevel"/> (working) or more.
/// A team with people but nobody at <see cref="FullTimeHours"/> hours a week or more is warned that no one is full-time.
/// </summary>
public static class TeamGaps
{
    public const int WorkingLevel = 2;
    public const int FullTimeHours = 35;

    public static TeamGapReport Of(IReadOnlyList<TeamMemberView> people) => new(
        [.. TeamSkills.All.Select(skill => new SkillCoverage(
            skill,
            people.Select(p => p.Level(skill)).DefaultIfEmpty(0).Max(),
            people.Count(p => p.Level(skill) >= WorkingLevel)))],
        people.Sum(p => p.HoursPerWeek),
        people.Count > 0 && people.All(p => p.HoursPerWeek < FullTimeHours));
}
