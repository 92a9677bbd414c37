namespace Portal.Features.Kpis;

public enum KpiPaceMethod
{
    /// <summary>Constant monthly growth (or decline) rate: (target / baseline)^(1 / months) − 1.</summary>
    Compound,

    /// <summary>Change per month as a share of the larger of |baseline| and |target|.</summary>
    Linear,
}

/// <summary>The pace a KPI needs: the monthly rate, how it was computed, and whether it is implausible.</summary>
public sealed record KpiPace(KpiPaceMethod Method, double Months, double MonthlyRate, bool IsImplausible);

/// <summary>
/// The "Achievable" check of the SMART builder, after the guide's monthly rate check: a KPI that needs more
/// than 50% change a month is flagged. It is a warning, never an error: a signed channel partner or a
/// scheduled launch can justify a steep target.
/// <list type="bullet">
/// <item>Baseline and target both positive: the compound monthly rate r = (target / baseline)^(1 / months) − 1,
/// with months = (deadline − start date) / 30.44 days; flagged when |r| &gt; 50% (for a falling KPI, when it
/// must lose more than half its value every month).</item>
/// <item>Baseline or target zero or negative, where a compound rate means nothing: the linear change per month,
/// |target − baseline| / months, as a share of the larger of |baseline| and |target|; flagged when above 50%.
/// From a baseline of 0 that flags any target reached in under two months; from −10 to +10 it flags anything
/// faster than 20 in two months.</item>
/// </list>
/// The builder's help text for the Achievable step says the same in both languages.
/// </summary>
public static class KpiPaceCheck
{
    public const double DaysPerMonth = 30.44;
    public const double ImplausibleMonthlyRate = 0.5;

    /// <summary>The needed pace, or null when there is no planned change or no time to make it in.</summary>
    public static KpiPace? Compute(double baseline, double target, DateOnly startDate, DateOnly deadline)
    {
        var days = deadline.DayNumber - startDate.DayNumber;
        if (days <= 0 || baseline == target || !double.IsFinite(baseline) || !double.IsFinite(target))
        {
            return null;
        }

        var months = days / DaysPerMonth;
        if (baseline > 0 && target > 0)
        {
            var rate = Math.Pow(target / baseline, 1 / months) - 1;
            return new KpiPace(KpiPaceMethod.Compound, months, rate, !(Math.Abs(rate) <= ImplausibleMonthlyRate));
        }

        var scale = Math.Max(Math.Abs(baseline), Math.Abs(target));
        var share = Math.Abs(target - baseline) / months / scale;
        return new KpiPace(KpiPaceMethod.Linear, months, share, !(share <= ImplausibleMonthlyRate));
    }
}
