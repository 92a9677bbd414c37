using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Team;

/// <summary>Turns the team's message keys, roles and skills into text: its own keys live in TeamText, the shared ones in UiStrings.</summary>
public static class TeamMessages
{
    public static string Text(FieldError error, IStringLocalizer<TeamText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Team.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>A suggested role in the reader's language, the team's own wording as written.</summary>
    public static string Role(string role, IStringLocalizer<TeamText> text) =>
        TeamRoles.Suggested.Contains(role) ? text[$"Team.Role.{role}"] : role;

    public static string Skill(string skill, IStringLocalizer<TeamText> text) => text[$"Team.Skill.{skill}"];

    public static string Level(int level, IStringLocalizer<TeamText> text) => text[$"Team.Level.{level}"];
}
