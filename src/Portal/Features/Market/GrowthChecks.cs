using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>The checks every save of the funnel or the unit economics passes, each problem on its own field.</summary>
internal static class GrowthChecks
{
    /// <summary>Each stage at most once, a known stage, a number from 0 to <see cref="FunnelStage.MaxCount"/>, a KPI of the workspace.</summary>
    public static void Funnel(IReadOnlyList<FunnelStageInput> stages, IReadOnlySet<Guid> workspaceKpis)
    {
        var checks = new InputChecks();
        var seen = new HashSet<FunnelStageKind>();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var field = Enum.IsDefined(stage.Stage) ? stage.Stage.ToString() : $"Stages[{i}]";
            checks.Expect(Enum.IsDefined(stage.Stage) && seen.Add(stage.Stage), field, "Growth.Error.Stage");
            checks.Expect(stage.Count is null or (>= 0 and <= FunnelStage.MaxCount), field, "Growth.Error.Count", FunnelStage.MaxCount);
            checks.Expect(stage.KpiId is not { } kpi || workspaceKpis.Contains(kpi), field, "Growth.Error.Kpi");
        }

        checks.ThrowIfAny();
    }

    /// <param name="finishedRuns">The workspace's runs that finished with a cost figure.</param>
    public static void Economics(UnitEconomicsInput input, IReadOnlySet<Guid> finishedRuns)
    {
        var checks = new InputChecks();
        checks.Expect(input.MonthlyPrice is >= 0 and <= UnitEconomics.MaxMonthlyPrice, nameof(input.MonthlyPrice), "Growth.Error.Price", UnitEconomics.MaxMonthlyPrice);
        checks.Expect(input.GrossMarginPercent is >= 0 and <= 100, nameof(input.GrossMarginPercent), "Growth.Error.Margin");
        checks.Expect(input.InferenceCostPerCustomer is null or (>= 0 and <= UnitEconomics.MaxMonthlyPrice), nameof(input.InferenceCostPerCustomer), "Growth.Error.Inference", UnitEconomics.MaxMonthlyPrice);
        checks.Expect(input.LabRunId is not { } run || finishedRuns.Contains(run), nameof(input.LabRunId), "Growth.Error.LabRun");
        checks.Expect(input.RequestsPerCustomer is >= 0 and <= UnitEconomics.MaxRequestsPerCustomer, nameof(input.RequestsPerCustomer), "Growth.Error.Requests", UnitEconomics.MaxRequestsPerCustomer);
        checks.Expect(input.MonthlyChurnPercent is > 0 and <= 100, nameof(input.MonthlyChurnPercent), "Growth.Error.Churn");
        checks.Expect(input.CacOverride is null or (> 0 and <= MarketChannel.MaxMonthlyBudget), nameof(input.CacOverride), "Growth.Error.Cac", MarketChannel.MaxMonthlyBudget);
        checks.ThrowIfAny();
    }
}
