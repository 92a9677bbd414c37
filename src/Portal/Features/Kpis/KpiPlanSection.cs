using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Kpis;

/// <summary>The KPIs, each with its chart, on the assembled plan and as a table in its Markdown export.</summary>
public sealed class KpiPlanSection(KpiService kpis, IStringLocalizer<UiStrings> text, IStringLocalizer<KpiText> kpiText) : IPlanSection
{
    private static readonly string[] Columns = ["Plan.Kpi", "Plan.Path", "Plan.Latest", "Plan.Status"];

    public int Order => 20;

    public string Tool => "kpis";

    public Type Component => typeof(KpiPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var list = await kpis.ListAsync(userId, workspaceId, cancellationToken);
        var markdown = new StringBuilder().Append("## ").AppendLine(text["Kpi.ToolTitle"]).AppendLine();
        if (list.Count == 0)
        {
            return markdown.AppendLine(text["Plan.NoKpis"]).ToString();
        }

        markdown.Append("| ").AppendJoin(" | ", Columns.Select(k => text[k].Value)).AppendLine(" |")
            .AppendLine("| --- | --- | --- | --- |");
        foreach (var kpi in list)
        {
            var latest = kpi.Measurements.Count == 0 ? "–" : $"{Number(kpi.Measurements[^1].Value)} {kpi.Unit} ({kpi.Measurements[^1].Date:yyyy-MM-dd})";
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(kpi.Name)).Append(" | ").Append(UserMarkdown.EscapeTableCell(Summary(kpi))).Append(" | ").Append(UserMarkdown.EscapeTableCell(latest)).Append(" | ")
                .Append(kpiText[$"Status.{kpi.Status.Status}"]).AppendLine(" |");
        }

        return markdown.ToString();
    }

    /// <summary>"20 → 200 customers, 2026-01-01 to 2026-05-01".</summary>
    internal static string Summary(KpiView kpi) =>
        $"{Number(kpi.Baseline)} → {Number(kpi.Target)} {kpi.Unit}, {kpi.StartDate:yyyy-MM-dd} – {kpi.Deadline:yyyy-MM-dd}";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.CurrentCulture);
}
