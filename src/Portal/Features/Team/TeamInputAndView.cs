namespace Portal.Features.Team;

/// <summary>
/// A person as a page sends them: a workspace member by <paramref name="UserId"/> (then <paramref name="Name"/> is
/// ignored), or someone not on the portal by <paramref name="Name"/>. <paramref name="Role"/> is a suggested role's code
/// (<see cref="TeamRoles.Suggested"/>) or the team's own wording.
/// </summary>
public sealed record TeamMemberInput(string? UserId, string Name, string Role, string Responsibilities, int HoursPerWeek);

/// <summary>One skill of a person with its level (0 none, 1 basic, 2 working, 3 expert).</summary>
public sealed record TeamSkillView(string Skill, int Level);

/// <summary>A person of the team as events and conflicts carry it; skills at level 0 are left out.</summary>
public sealed record TeamMemberView(
    Guid Id,
    string? UserId,
    string Name,
    string Role,
    string Responsibilities,
    int HoursPerWeek,
    IReadOnlyList<TeamSkillView> Skills,
    Guid Version,
    DateTimeOffset CreatedAt)
{
    public bool IsSuggestedRole => TeamRoles.Suggested.Contains(Role);

    public int Level(string skill) => Skills.FirstOrDefault(s => s.Skill == skill)?.Level ?? 0;

    public TeamMemberInput ToInput() => new(UserId, UserId is null ? Name : "", Role, Responsibilities, HoursPerWeek);

    /// <param name="displayName">The member's name on the portal now, for a person who is a member; their stored name otherwise.</param>
    internal static TeamMemberView Of(TeamMember m, string? displayName) => new(
        m.Id,
        m.UserId,
        m.UserId is not null && !string.IsNullOrEmpty(displayName) ? displayName : m.Name,
        m.Role,
        m.Responsibilities,
        m.HoursPerWeek,
        [.. m.Skills.Where(s => s.Level > 0).OrderBy(s => IndexOf(s.Skill)).Select(s => new TeamSkillView(s.Skill, s.Level))],
        m.Version,
        m.CreatedAt);

    private static int IndexOf(string skill)
    {
        for (var i = 0; i < TeamSkills.All.Count; i++)
        {
            if (TeamSkills.All[i] == skill)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <summary>A hiring task or a risk made from a gap: where it is, and whether it was there already.</summary>
public sealed record TeamGapItem(Guid Id, string Title, string Link, bool Existed);

/// <summary>A level the user picked in one cell of the matrix.</summary>
public sealed record TeamLevelChange(TeamMemberView Person, string Skill, int Level);

/// <summary>What a gap became, as the page tells it: the item, the sentence and the link's text, in the reader's language.</summary>
public sealed record TeamGapResult(TeamGapItem Item, string Text, string LinkText);
