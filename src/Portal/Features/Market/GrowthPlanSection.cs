using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>The growth funnel (numbers, conversions, weakest step) and the unit economics (with their warnings) on the plan and in its Markdown export.</summary>
public sealed class GrowthPlanSection(GrowthService growth, IStringLocalizer<GrowthText> text) : IPlanSection
{
    public int Order => 27;

    public string Tool => "market";

    public Type Component => typeof(GrowthPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var funnel = await growth.GetFunnelAsync(userId, workspaceId, cancellationToken);
        var economics = await growth.GetEconomicsAsync(userId, workspaceId, cancellationToken);
        if (funnel is null || economics is null)
        {
            return "";
        }

        var markdown = new StringBuilder().Append("## ").AppendLine(text["Growth.Plan.Title"]).AppendLine();
        if (funnel.IsEmpty && economics.Result is null)
        {
            return markdown.AppendLine(text["Growth.Plan.None"]).ToString();
        }

        if (!funnel.IsEmpty)
        {
            markdown.Append("| ").Append(text["Growth.Plan.Stage"]).Append(" | ").Append(text["Growth.Plan.Number"]).Append(" | ").Append(text["Growth.Plan.Source"])
                .Append(" | ").Append(text["Growth.Plan.Conversion"]).AppendLine(" |").AppendLine("| --- | ---: | --- | ---: |");
            var steps = funnel.Steps;
            foreach (var (stage, i) in funnel.Stages.Select((s, i) => (s, i)))
            {
                markdown.Append("| ").Append(GrowthMessages.Stage(stage.Stage, text)).Append(" | ").Append(GrowthMessages.Count(stage.Value)).Append(" | ")
                    .Append(UserMarkdown.EscapeTableCell(Source(stage, text))).Append(" | ")
                    .Append(i == 0 ? "" : GrowthMessages.Percent(steps[i - 1].Percent, text)).AppendLine(" |");
            }

            markdown.AppendLine();
            markdown.AppendLine(Weakest(funnel, text)).AppendLine();
        }

        if (economics.Result is { } result)
        {
            markdown.Append("### ").AppendLine(text["Growth.Plan.Economics"]).AppendLine().AppendLine(EconomicsLine(result, text));
            foreach (var warning in Warnings(result, text))
            {
                markdown.AppendLine().Append("- ⚠ ").Append(warning);
            }

            markdown.AppendLine();
        }

        return markdown.ToString();
    }

    /// <summary>Where a stage's number comes from: entered, or a KPI named with its measurement's date.</summary>
    public static string Source(FunnelStageView stage, IStringLocalizer<GrowthText> text) =>
        stage.FromKpi ? text["Growth.Plan.Kpi", stage.KpiName!, GrowthMessages.Date(stage.MeasuredOn)] : stage.Value is null ? "" : text["Growth.Plan.Entered"];

    public static string Weakest(FunnelView funnel, IStringLocalizer<GrowthText> text) => funnel.Weakest is { } weakest
        ? text["Growth.Funnel.Weakest", GrowthMessages.Stage(weakest.From, text), GrowthMessages.Stage(weakest.To, text), GrowthMessages.Percent(weakest.Percent, text)]
        : text["Growth.Funnel.NoWeakest"];

    public static string EconomicsLine(UnitEconomicsResult result, IStringLocalizer<GrowthText> text) => text[
        "Growth.Plan.EconomicsLine",
        GrowthMessages.Usd(result.MonthlyPrice, text),
        GrowthMessages.Usd(result.GrossProfit, text),
        GrowthMessages.Usd(result.Ltv, text),
        result.Cac is null ? text["Growth.Economics.NoCacValue"] : GrowthMessages.Usd(result.Cac, text),
        GrowthMessages.Ratio(result.LtvToCac),
        result.Cac is null ? "–" : GrowthMessages.Months(result.PaybackMonths, text)];

    public static IReadOnlyList<string> Warnings(UnitEconomicsResult result, IStringLocalizer<GrowthText> text)
    {
        List<string> warnings = [];
        if (result.GrossProfitNotPositive)
        {
            warnings.Add(text["Growth.Warning.GrossProfit"]);
        }

        if (result.LtvToCacLow)
        {
            warnings.Add(text["Growth.Warning.LtvToCac"]);
        }

        if (result.PaybackLong)
        {
            warnings.Add(text["Growth.Warning.Payback"]);
        }

        return warnings;
    }
}
