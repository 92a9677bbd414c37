namespace Portal.Features.Team;

/// <summary>
/// A person's details as the user is typing them, for a new person (no <see cref="Base"/>) or one on the team. Someone
/// else's save sets <see cref="Theirs"/> and never touches the user's values (see <see cref="Apply"/>).
/// </summary>
public sealed class TeamMemberEdit
{
    /// <summary>The role select's value for "the team's own wording".</summary>
    public const string OwnRole = "";

    private TeamMemberEdit(TeamMemberView? person)
    {
        Base = person;
        IsMember = person is null || person.UserId is not null;
        UserId = person?.UserId;
        Name = person is { UserId: null } ? person.Name : "";
        RoleChoice = person is null ? TeamRoles.Suggested[0] : person.IsSuggestedRole ? person.Role : OwnRole;
        RoleText = person is { IsSuggestedRole: false } ? person.Role : "";
        Responsibilities = person?.Responsibilities ?? "";
        HoursPerWeek = person?.HoursPerWeek ?? 0;
    }

    /// <summary>The version the user's values started from, or null for a new person.</summary>
    public TeamMemberView? Base { get; private set; }

    /// <summary>A workspace member (chosen by <see cref="UserId"/>) rather than someone named.</summary>
    public bool IsMember { get; set; }

    public string? UserId { get; set; }

    public string Name { get; set => field = value ?? ""; } = "";

    /// <summary>A suggested role's code, or <see cref="OwnRole"/> for <see cref="RoleText"/>.</summary>
    public string RoleChoice { get; set => field = value ?? OwnRole; } = OwnRole;

    public string RoleText { get; set => field = value ?? ""; } = "";

    public string Responsibilities { get; set => field = value ?? ""; } = "";

    public int HoursPerWeek { get; set; }

    /// <summary>A newer version someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public TeamMemberView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>, false when it arrived live.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone removed the person while the user was editing them.</summary>
    public bool Deleted { get; set; }

    public bool IsDirty => Base is null ? ToInput() != New().ToInput() : ToInput() != Base.ToInput();

    public static TeamMemberEdit New() => new(null);

    public static TeamMemberEdit Of(TeamMemberView person) => new(person);

    /// <summary>
    /// Takes note of another version of the person, saved by anyone. Their details unchanged (a skill moved): the user's
    /// values stay on the new version. Changed: without edits the form shows it (a new edit is returned), with edits it
    /// stands beside them as <see cref="Theirs"/>.
    /// </summary>
    public TeamMemberEdit Apply(TeamMemberView current)
    {
        if (Base is null || current.Id != Base.Id || current.Version == Base.Version || current.Version == Theirs?.Version)
        {
            return this;
        }

        if (current.ToInput() == Base.ToInput() || current.ToInput() == ToInput())
        {
            Base = current;
            return this;
        }

        if (!IsDirty)
        {
            return Of(current);
        }

        Theirs = current;
        Refused = false;
        return this;
    }

    public TeamMemberInput ToInput() => new(
        IsMember ? UserId : null,
        IsMember ? "" : Name,
        RoleChoice == OwnRole ? RoleText : RoleChoice,
        Responsibilities,
        HoursPerWeek);
}
