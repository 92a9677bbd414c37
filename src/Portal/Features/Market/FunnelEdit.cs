namespace Portal.Features.Market;

/// <summary>
/// The funnel as the user edits it, against the version it was read at (<see cref="Base"/>): the numbers typed and KPIs
/// chosen stay through a teammate's save and through a refused one; a save sends the versions of <see cref="Base"/>.
/// </summary>
public sealed class FunnelEdit
{
    private readonly Dictionary<FunnelStageKind, long?> counts = [];
    private readonly Dictionary<FunnelStageKind, Guid?> kpis = [];

    private FunnelEdit(FunnelView view)
    {
        Base = view;
        Latest = view;
        foreach (var stage in FunnelMath.Stages)
        {
            (counts[stage], kpis[stage]) = (null, null);
        }

        foreach (var stage in view.Stages)
        {
            counts[stage.Stage] = stage.Count;
            kpis[stage.Stage] = stage.KpiId;
        }
    }

    /// <summary>What the user's values started from; its versions go with the save.</summary>
    public FunnelView Base { get; private set; }

    /// <summary>The newest funnel heard of (its KPIs are those offered).</summary>
    public FunnelView Latest { get; private set; }

    public bool IsDirty => Base.Stages.Any(s => counts[s.Stage] != s.Count || kpis[s.Stage] != s.KpiId);

    public static FunnelEdit Of(FunnelView view) => new(view);

    public long? Count(FunnelStageKind stage) => counts[stage];

    public void SetCount(FunnelStageKind stage, long? count) => counts[stage] = count;

    public Guid? Kpi(FunnelStageKind stage) => kpis[stage];

    public void SetKpi(FunnelStageKind stage, Guid? kpi) => kpis[stage] = kpi;

    /// <summary>The KPI a stage follows, if it is still on offer.</summary>
    public FunnelKpiOption? KpiOption(FunnelStageKind stage) => kpis[stage] is { } id ? Latest.Kpis.FirstOrDefault(k => k.Id == id) : null;

    /// <summary>The number the funnel shows for a stage as edited: the KPI's latest measurement (not below 0) or the number typed.</summary>
    public double? Value(FunnelStageKind stage) => KpiOption(stage) is { LatestValue: >= 0 } kpi ? kpi.LatestValue : counts[stage];

    public IReadOnlyList<(FunnelStageKind Stage, double? Value)> Values => [.. FunnelMath.Stages.Select(s => (s, Value(s)))];

    public IReadOnlyList<FunnelStep> Steps => FunnelMath.Steps([.. Values.Select(v => v.Value)]);

    public IReadOnlyList<FunnelStageInput> ToInputs() => [.. Base.Stages.Select(s => new FunnelStageInput(s.Stage, counts[s.Stage], kpis[s.Stage], s.Version))];

    /// <summary>
    /// A newer funnel: an untouched editor takes it whole; one with the user's changes keeps them and its base (so that
    /// the save is refused and shows what the teammate stored), taking only the KPIs on offer.
    /// </summary>
    public FunnelEdit Apply(FunnelView newer)
    {
        if (!IsDirty)
        {
            return Of(newer);
        }

        Latest = newer;
        return this;
    }

    /// <summary>After a refused save: the stored funnel becomes the base, the user's values stay, a second save replaces the stored ones.</summary>
    public void Rebase(FunnelView current)
    {
        Base = current;
        Latest = current;
    }
}
