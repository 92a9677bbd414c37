using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>The team's user research on the assembled plan and in its Markdown export: what was heard, from how many, and the requirements it justifies.</summary>
public sealed class ResearchPlanSection(ResearchService research, IStringLocalizer<ResearchText> text) : IPlanSection
{
    public int Order => 25;

    public string Tool => "research";

    public Type Component => typeof(ResearchPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (await research.GetAsync(userId, workspaceId, cancellationToken) is not { } view)
        {
            return "";
        }

        var markdown = new StringBuilder().Append("## ").AppendLine(text["Research.Plan.Title"]).AppendLine();
        markdown.AppendLine(text["Research.Plan.Summary", view.Interviews.Count, view.Insights.Count, view.Requirements.Count]).AppendLine();
        if (view.Insights.Count > 0)
        {
            markdown.Append("### ").AppendLine(text["Research.Insights"]).AppendLine();
            foreach (var insight in view.Insights)
            {
                markdown.Append("- ").Append(UserMarkdown.EscapeTableCell(insight.Statement)).Append(" (")
                    .Append(text["Research.Evidence", insight.EvidenceCount]).Append(insight.IsWeak ? $", {text["Research.Weak"]}" : "").AppendLine(")");
            }

            markdown.AppendLine();
        }

        if (view.Requirements.Count > 0)
        {
            markdown.Append("### ").AppendLine(text["Research.Requirements"]).AppendLine()
                .Append("| ").Append(text["Research.Field.Title"]).Append(" | ").Append(text["Research.Field.Kind"]).Append(" | ")
                .Append(text["Research.Field.Priority"]).Append(" | ").Append(text["Research.Field.Status"]).Append(" | ")
                .Append(text["Research.Plan.Evidence"]).AppendLine(" |")
                .AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var requirement in view.Requirements)
            {
                markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(requirement.Title))
                    .Append(" | ").Append(text[$"Research.Kind.{requirement.Kind}"])
                    .Append(" | ").Append(text[$"Research.Priority.{requirement.Priority}"])
                    .Append(" | ").Append(text[$"Research.Status.{requirement.Status}"])
                    .Append(" | ").Append(requirement.HasNoEvidence ? text["Research.NoEvidence"].Value : requirement.InsightIds.Count.ToString(CultureInfo.InvariantCulture))
                    .AppendLine(" |");
            }

            foreach (var requirement in view.Requirements.Where(r => r.AcceptanceCriteria.Length > 0))
            {
                markdown.AppendLine().Append("- ").Append(UserMarkdown.EscapeTableCell(requirement.Title)).Append(" — ").Append(text["Research.Field.AcceptanceCriteria"])
                    .Append(": ").AppendLine(UserMarkdown.EscapeTableCell(requirement.AcceptanceCriteria));
            }
        }

        return markdown.ToString();
    }
}
