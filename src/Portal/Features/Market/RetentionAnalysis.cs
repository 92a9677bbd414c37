namespace Portal.Features.Market;

/// <summary>One cohort's row of the retention table: its active users and their share of the cohort, month by month.</summary>
public sealed record RetentionRow(string Cohort, int Size, IReadOnlyList<int> Active, IReadOnlyList<double> Percent);

/// <summary>
/// The average retention at one month: the active users of every cohort that reached the month over those cohorts'
/// sizes (so each cohort weighs as many users as it has), and how many cohorts and users that is.
/// </summary>
public sealed record RetentionAveragePoint(int Month, double Percent, int Cohorts, long Users);

/// <summary>
/// The retention of a set of sign-up cohorts, worked out from their counts alone (nothing stored):
/// <list type="bullet">
/// <item>retention of a cohort at month m = active users at month m ÷ the cohort's size × 100;</item>
/// <item>the average curve R(m) = Σ active at month m ÷ Σ size, both over the cohorts that reached month m (weighted by size);</item>
/// <item>the average monthly churn implied, see <see cref="ImpliedMonthlyChurnPercent"/>.</item>
/// </list>
/// </summary>
public sealed record RetentionAnalysis(IReadOnlyList<RetentionRow> Rows, IReadOnlyList<RetentionAveragePoint> Average, double? MonthlyChurnPercent)
{
    /// <summary>Months of the longest cohort (month 0 counted): the columns of the table.</summary>
    public int Months => Average.Count;

    public static RetentionAnalysis Of(IReadOnlyList<RetentionCohort> cohorts)
    {
        var rows = cohorts
            .Select(c => new RetentionRow(c.Cohort, c.Size, c.Active, [.. c.Active.Select(a => c.Size == 0 ? 0 : 100.0 * a / c.Size)]))
            .ToList();
        var months = cohorts.Count == 0 ? 0 : cohorts.Max(c => c.Active.Count);
        var average = new List<RetentionAveragePoint>(months);
        for (var month = 0; month < months; month++)
        {
            var reached = cohorts.Where(c => c.Active.Count > month && c.Size > 0).ToList();
            long active = reached.Sum(c => (long)c.Active[month]);
            long users = reached.Sum(c => (long)c.Size);
            average.Add(new RetentionAveragePoint(month, users == 0 ? 0 : 100.0 * active / users, reached.Count, users));
        }

        return new RetentionAnalysis(rows, average, ImpliedMonthlyChurnPercent([.. average.Select(a => a.Percent)]));
    }

    /// <summary>
    /// The constant monthly churn that takes the average curve from month 0 to its last month L:
    /// churn = (1 − (R(L) ÷ R(0))^(1/L)) × 100, in percent — the geometric mean of the month-to-month losses, since the
    /// ratios of consecutive months multiply to R(L) ÷ R(0). It is what the unit economics' monthly churn (and so the
    /// lifetime value, margin ÷ churn) can take from the cohorts. Null when the curve has fewer than two months or
    /// R(0) is 0; 0 when the curve ends at or above where it starts (users came back).
    /// </summary>
    /// <param name="averagePercent">The average retention in percent at month 0, 1, 2…, as <see cref="Average"/> holds it.</param>
    public static double? ImpliedMonthlyChurnPercent(IReadOnlyList<double> averagePercent)
    {
        if (averagePercent.Count < 2 || averagePercent[0] <= 0)
        {
            return null;
        }

        var last = averagePercent.Count - 1;
        var ratio = averagePercent[last] / averagePercent[0];
        return ratio >= 1 ? 0 : 100 * (1 - Math.Pow(ratio, 1.0 / last));
    }
}
