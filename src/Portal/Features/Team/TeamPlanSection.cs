using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Team;

/// <summary>The founding team on the assembled plan and in its Markdown export: who does what for how long, and the skills nobody covers.</summary>
public sealed class TeamPlanSection(TeamService team, IStringLocalizer<TeamText> text) : IPlanSection
{
    public int Order => 15;

    public string Tool => "team";

    public Type Component => typeof(TeamPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var people = await team.ListAsync(userId, workspaceId, cancellationToken);
        if (people is null)
        {
            return "";
        }

        var markdown = new StringBuilder().Append("## ").AppendLine(text["Team.Plan.Title"]).AppendLine();
        if (people.Count == 0)
        {
            return markdown.AppendLine(text["Team.Plan.None"]).ToString();
        }

        markdown.Append("| ").Append(text["Team.Person"]).Append(" | ").Append(text["Team.Role"]).Append(" | ")
            .Append(text["Team.Responsibilities"]).Append(" | ").Append(text["Team.Hours"]).AppendLine(" |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var person in people)
        {
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(person.Name)).Append(" | ").Append(UserMarkdown.EscapeTableCell(TeamMessages.Role(person.Role, text)))
                .Append(" | ").Append(UserMarkdown.EscapeTableCell(person.Responsibilities)).Append(" | ")
                .Append(person.HoursPerWeek.ToString(CultureInfo.InvariantCulture)).AppendLine(" |");
        }

        var report = TeamGaps.Of(people);
        markdown.AppendLine().AppendLine(text["Team.TotalHours", report.TotalHours]);
        if (report.NobodyFullTime)
        {
            markdown.AppendLine().AppendLine(text["Team.NobodyFullTime", TeamGaps.FullTimeHours]);
        }

        markdown.AppendLine().Append("### ").AppendLine(text["Team.Plan.Gaps"]).AppendLine();
        var gaps = report.Gaps.ToList();
        if (gaps.Count == 0)
        {
            return markdown.AppendLine(text["Team.Plan.NoGaps"]).ToString();
        }

        foreach (var gap in gaps)
        {
            markdown.Append("- ").AppendLine(text["Team.Plan.Gap", TeamMessages.Skill(gap.Skill, text), TeamMessages.Level(gap.BestLevel, text)]);
        }

        return markdown.ToString();
    }
}
