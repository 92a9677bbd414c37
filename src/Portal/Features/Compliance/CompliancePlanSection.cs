using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Compliance;

/// <summary>The compliance tool on the assembled plan and in its Markdown export: the answers, the AI Act class, progress per regime and the open items.</summary>
public sealed class CompliancePlanSection(ComplianceService compliance, IStringLocalizer<ComplianceText> text) : IPlanSection
{
    public int Order => 32;

    public string Tool => "compliance";

    public Type Component => typeof(CompliancePlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var overview = await compliance.GetAsync(userId, workspaceId, CultureInfo.CurrentUICulture.Name, cancellationToken);
        var markdown = new StringBuilder().Append("## ").AppendLine(text["Compliance.Plan.Title"]).AppendLine();
        if (overview is null)
        {
            return "";
        }

        if (!overview.Profile.IsAnswered)
        {
            return markdown.AppendLine(text["Compliance.Plan.None"]).ToString();
        }

        markdown.Append("### ").AppendLine(text["Compliance.Plan.Answers"]).AppendLine();
        foreach (var (question, labels) in AnswerSummary(overview))
        {
            markdown.Append("- ").Append(UserMarkdown.EscapeText(question)).Append(": ").AppendLine(UserMarkdown.EscapeText(labels));
        }

        markdown.AppendLine().Append("### ").AppendLine(text["Compliance.AiAct.Title"]).AppendLine()
            .AppendLine(UserMarkdown.EscapeText(AiActLine(overview.Assessment.AiAct, text)));
        foreach (var reason in overview.Assessment.AiAct.Reasons)
        {
            markdown.Append("- ").Append(UserMarkdown.EscapeText(reason.Label)).Append(" (").Append(UserMarkdown.EscapeText(reason.Reference)).AppendLine(")");
        }

        markdown.AppendLine().Append("### ").AppendLine(text["Compliance.Plan.Progress"]).AppendLine()
            .Append("| ").Append(text["Compliance.Plan.Regime"]).Append(" | ").Append(text["Compliance.Plan.Done"]).AppendLine(" |")
            .AppendLine("| --- | --- |");
        foreach (var regime in overview.Regimes.Where(r => r.IsShown))
        {
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(regime.Regime.Title)).Append(" | ")
                .Append(string.Create(CultureInfo.InvariantCulture, $"{regime.Done} / {regime.Applicable} ({regime.Percent} %)")).AppendLine(" |");
        }

        var open = overview.Regimes.SelectMany(r => r.Items).Where(i => i.IsUnmet).ToList();
        markdown.AppendLine().Append("### ").AppendLine(text["Compliance.Plan.Open", open.Count]).AppendLine();
        foreach (var item in open)
        {
            markdown.Append("- ").Append(UserMarkdown.EscapeText(item.Item.Reference)).Append(" — ").Append(UserMarkdown.EscapeText(item.Item.Requirement))
                .Append(" (").Append(text[$"Compliance.Status.{item.State.Status}"]).Append(item.State.OwnerName.Length > 0 ? ", " + UserMarkdown.EscapeText(item.State.OwnerName) : "").AppendLine(")");
        }

        return markdown.ToString();
    }

    /// <summary>Each question asked and answered, with the labels of its answers, in the questionnaire's order.</summary>
    public static IReadOnlyList<(string Question, string Labels)> AnswerSummary(ComplianceOverview overview)
    {
        var answers = overview.Assessment.Answers;
        return [.. overview.Checklists.Questionnaire.Questions
            .Where(q => answers.IsAnswered(q.Code))
            .Select(q => (q.Text, string.Join(", ", q.Options.Where(o => answers.Get(q.Code).Contains(o.Code)).Select(o => o.Label))))];
    }

    /// <summary>The AI Act class in one sentence.</summary>
    public static string AiActLine(AiActClassification classification, IStringLocalizer<ComplianceText> text) =>
        text["Compliance.AiAct.Class", text[$"Compliance.RiskClass.{classification.RiskClass}"]];
}
