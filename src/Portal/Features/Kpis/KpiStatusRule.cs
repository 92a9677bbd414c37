namespace Portal.Features.Kpis;

public enum KpiStatus
{
    NoData,
    OnTrack,
    AtRisk,
    OffTrack,
}

/// <summary>A KPI's status and the figures it was decided from.</summary>
/// <param name="Shortfall">How far the measurement is behind the path, as a share of |target − baseline|; negative when ahead. Null without data.</param>
public sealed record KpiStatusResult(KpiStatus Status, DateOnly? Date, double? Measured, double? Planned, double? Shortfall);

/// <summary>
/// The status rule of the guide's chapter "Planning and SMART KPIs" (section "How the portal decides a
/// KPI's status"), in the same words:
/// <para>
/// "The planned path is the straight line from the baseline on the KPI's start date to the target on its
/// deadline. Take the latest measurement and the planned value for that date. The shortfall is how far the
/// measurement is behind the planned value in the KPI's direction, as a share of the whole planned change
/// |target − baseline|. On track: shortfall at most 5% (or ahead of the path). At risk: shortfall above 5%
/// and at most 15%. Off track: shortfall above 15%."
/// </para>
/// <para>
/// That is P(t) = B + (T − B)(t − t0)/(t1 − t0) and s = d (P(t) − M) / |T − B| with d = +1 when higher is
/// better and −1 when lower is better. The path is the segment between its two ends: after the deadline the
/// planned value is the target, and before the start date it is the baseline (nothing was planned to change
/// yet). No measurement yet means "No data".
/// </para>
/// </summary>
public static class KpiStatusRule
{
    public const double OnTrackLimit = 0.05;
    public const double AtRiskLimit = 0.15;

    // Shortfalls are quotients of decimal inputs: 7.5% of 40 may come out as 0.07500000000000001. A shortfall
    // within this of a band's edge counts as on the edge, so the guide's worked examples land where it says.
    private const double Tolerance = 1e-9;

    /// <summary>The planned value on <paramref name="date"/>: the straight line from baseline to target, flat outside it.</summary>
    public static double PlannedValue(double baseline, double target, DateOnly startDate, DateOnly deadline, DateOnly date)
    {
        if (date <= startDate)
        {
            return baseline;
        }

        if (date >= deadline)
        {
            return target;
        }

        var elapsed = date.DayNumber - startDate.DayNumber;
        var span = deadline.DayNumber - startDate.DayNumber;
        return baseline + ((target - baseline) * elapsed / span);
    }

    /// <summary>s = d (P − M) / |T − B|: positive when the measurement is behind the path, negative when ahead.</summary>
    public static double Shortfall(double baseline, double target, KpiDirection direction, double planned, double measured)
    {
        var change = Math.Abs(target - baseline);
        if (change == 0)
        {
            // A KPI without a planned change cannot be validated into existence; treat any measurement as on the path.
            return 0;
        }

        var sign = direction == KpiDirection.Increase ? 1 : -1;
        return sign * (planned - measured) / change;
    }

    /// <summary>The band a shortfall falls in.</summary>
    public static KpiStatus Classify(double shortfall) =>
        shortfall <= OnTrackLimit + Tolerance ? KpiStatus.OnTrack
        : shortfall <= AtRiskLimit + Tolerance ? KpiStatus.AtRisk
        : KpiStatus.OffTrack;

    /// <summary>The status from the latest of <paramref name="measurements"/> (the one with the latest date).</summary>
    public static KpiStatusResult Evaluate(
        double baseline, double target, KpiDirection direction, DateOnly startDate, DateOnly deadline, IEnumerable<(DateOnly Date, double Value)> measurements)
    {
        (DateOnly Date, double Value)? latest = null;
        foreach (var measurement in measurements)
        {
            if (latest is null || measurement.Date > latest.Value.Date)
            {
                latest = measurement;
            }
        }

        return Evaluate(baseline, target, direction, startDate, deadline, latest);
    }

    public static KpiStatusResult Evaluate(
        double baseline, double target, KpiDirection direction, DateOnly startDate, DateOnly deadline, (DateOnly Date, double Value)? latest)
    {
        // A measurement before the start date is the situation the plan starts from, not a shortfall against it.
        if (latest is not { } measurement || measurement.Date < startDate)
        {
            return new KpiStatusResult(KpiStatus.NoData, null, null, null, null);
        }

        var planned = PlannedValue(baseline, target, startDate, deadline, measurement.Date);
        var shortfall = Shortfall(baseline, target, direction, planned, measurement.Value);
        return new KpiStatusResult(Classify(shortfall), measurement.Date, measurement.Value, planned, shortfall);
    }
}
