using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Decisions;

/// <summary>The team's technology decisions on the assembled plan and in its Markdown export: each question, its status and what it chose or what leads.</summary>
public sealed class DecisionPlanSection(DecisionService decisions, IStringLocalizer<DecisionText> text) : IPlanSection
{
    public int Order => 35;

    public string Tool => "decisions";

    public Type Component => typeof(DecisionPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var list = await decisions.ListAsync(userId, workspaceId, cancellationToken) ?? [];
        var markdown = new StringBuilder().Append("## ").AppendLine(text["Decision.Plan.Title"]).AppendLine();
        if (list.Count == 0)
        {
            return markdown.AppendLine(text["Decision.Plan.None"]).ToString();
        }

        markdown.Append("| ").Append(text["Decision.Plan.Question"]).Append(" | ").Append(text["Decision.Plan.Status"]).Append(" | ")
            .Append(text["Decision.Plan.Outcome"]).Append(" | ").Append(text["Decision.Plan.DecidedOn"]).AppendLine(" |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var decision in list)
        {
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(decision.Question)).Append(" | ").Append(text[$"Decision.Status.{decision.Status}"])
                .Append(" | ").Append(UserMarkdown.EscapeTableCell(Outcome(decision, text))).Append(" | ")
                .Append(decision.DecidedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "").AppendLine(" |");
        }

        foreach (var decision in list.Where(d => d.Consequences.Length > 0))
        {
            markdown.AppendLine().Append("- ").Append(UserMarkdown.EscapeTableCell(decision.Question)).Append(" — ").Append(text["Decision.Plan.Consequences"])
                .Append(": ").AppendLine(UserMarkdown.EscapeTableCell(decision.Consequences));
        }

        return markdown.ToString();
    }

    /// <summary>The option chosen, or, before a choice, the options that lead the matrix with their weighted total.</summary>
    public static string Outcome(DecisionView decision, IStringLocalizer<DecisionText> text)
    {
        if (decision.Options.FirstOrDefault(o => o.Id == decision.ChosenOptionId) is { } chosen)
        {
            return text["Decision.Plan.Chosen", chosen.Name];
        }

        var matrix = DecisionMatrix.Of(decision);
        if (matrix.Leaders.Count == 0)
        {
            return text["Decision.Plan.NotScored"];
        }

        var names = string.Join(" / ", matrix.Leaders.Select(id => decision.Options.First(o => o.Id == id).Name));
        var total = matrix.Standings.First(s => s.OptionId == matrix.Leaders[0]).Total!.Value;
        return text["Decision.Plan.Leads", names, total.ToString("0.00", CultureInfo.CurrentCulture)];
    }
}
