using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Risks;

/// <summary>The heat map and the top risks on the assembled plan; the open risks as a table in the Markdown export.</summary>
public sealed class RiskPlanSection(RiskService risks, IStringLocalizer<UiStrings> text) : IPlanSection
{
    public const int TopCount = 5;

    public int Order => 30;

    public string Tool => "risks";

    public Type Component => typeof(RiskPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var list = await risks.ListAsync(userId, workspaceId, cancellationToken) ?? [];
        var markdown = new StringBuilder().Append("## ").AppendLine(text["Risk.Title"]).AppendLine();
        var open = list.Where(r => r.Status != RiskStatus.Closed).ToList();
        if (open.Count == 0)
        {
            return markdown.AppendLine(text["Risk.None"]).ToString();
        }

        markdown.Append("| ").Append(text["Risk.Field.Title"]).Append(" | ").Append(text["Risk.Field.Category"]).Append(" | ").Append(text["Risk.Score"])
            .Append(" | ").Append(text["Risk.ResidualScore"]).Append(" | ").Append(text["Risk.Field.Mitigation"]).AppendLine(" |")
            .AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var risk in open)
        {
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(risk.Title)).Append(" | ").Append(text[$"Risk.Category.{risk.Category}"]).Append(" | ")
                .Append(risk.Score).Append(" (").Append(text[$"Risk.Band.{risk.Band}"]).Append(") | ").Append(risk.ResidualScore).Append(" | ")
                .Append(UserMarkdown.EscapeTableCell(risk.Mitigation)).AppendLine(" |");
        }

        return markdown.ToString();
    }
}
