using Portal.Features.Decisions;

namespace Portal.Features.Market;

/// <summary>
/// One stage as a page sends it: the number entered, or a KPI of the workspace whose latest measurement stands for it.
/// <paramref name="ExpectedVersion"/> is the version the page read (<see cref="Guid.Empty"/> for a stage never saved).
/// </summary>
public sealed record FunnelStageInput(FunnelStageKind Stage, long? Count, Guid? KpiId, Guid ExpectedVersion);

/// <summary>A KPI a stage can follow, with its latest measurement if it has one.</summary>
public sealed record FunnelKpiOption(Guid Id, string Name, string Unit, DateOnly? MeasuredOn, double? LatestValue);

/// <summary>
/// A stage as pages show it. <see cref="Value"/> is the number the funnel uses: the KPI's latest measurement when the
/// stage follows a KPI that has one (not below 0), else the number entered.
/// </summary>
public sealed record FunnelStageView(FunnelStageKind Stage, long? Count, Guid? KpiId, string? KpiName, DateOnly? MeasuredOn, double? Value, Guid Version, DateTimeOffset? UpdatedAt)
{
    public bool FromKpi => KpiId is not null && MeasuredOn is not null && Value is not null;

    public FunnelStageInput ToInput() => new(Stage, Count, KpiId, Version);
}

/// <summary>The five stages in order, their steps, the weakest step and the KPIs on offer.</summary>
public sealed record FunnelView(IReadOnlyList<FunnelStageView> Stages, IReadOnlyList<FunnelKpiOption> Kpis)
{
    public IReadOnlyList<FunnelStep> Steps => FunnelMath.Steps([.. Stages.Select(s => s.Value)]);

    public FunnelStep? Weakest => FunnelMath.Weakest(Steps);

    public bool IsEmpty => Stages.All(s => s.Value is null);

    public FunnelStageView Stage(FunnelStageKind kind) => Stages.First(s => s.Stage == kind);
}

/// <summary>
/// The unit economics as a page sends them. With <paramref name="LabRunId"/> the inference cost is the run's serving
/// cost for <paramref name="RequestsPerCustomer"/> requests and <paramref name="InferenceCostPerCustomer"/> is kept but
/// not used; without <paramref name="CacOverride"/> the CAC is the channels' blended one.
/// </summary>
public sealed record UnitEconomicsInput(
    decimal MonthlyPrice,
    double GrossMarginPercent,
    decimal? InferenceCostPerCustomer,
    Guid? LabRunId,
    long RequestsPerCustomer,
    double MonthlyChurnPercent,
    decimal? CacOverride);

/// <summary>
/// The stored record (null before the first save), what it is computed with (the channels' blended CAC, the chosen
/// run's cost figure, the finished runs on offer) and the result.
/// </summary>
public sealed record UnitEconomicsView(
    UnitEconomicsInput? Saved,
    Guid Version,
    DateTimeOffset? UpdatedAt,
    decimal? BlendedCac,
    int ChannelCount,
    decimal ChannelBudget,
    double ChannelCustomers,
    LabCostFigure? LabRun,
    IReadOnlyList<LabCostFigure> LabRuns,
    UnitEconomicsResult? Result,
    IReadOnlyList<RetentionChurn> RetentionChurns)
{
    public static UnitEconomicsInput Blank => new(0, 0, null, null, 0, 0, null);
}

/// <summary>The average monthly churn a retention cohort set implies, offered as the economics' churn.</summary>
public sealed record RetentionChurn(Guid SetId, string SetName, double MonthlyChurnPercent);
