using Portal.Features.Market;

namespace Portal.Tests.Market;

/// <summary>The analysis against tables worked by hand.</summary>
public sealed class RetentionAnalysisTests
{
    private const double Precision = 1e-9;

    [Fact]
    public void Each_cell_is_active_over_size_and_the_average_weighs_each_cohort_by_its_size_over_the_cohorts_that_reached_the_month()
    {
        // A: 100 users, 100 60 45 36.   B: 300 users, 300 210 120.   C: 50 users, 40 20.
        // Month 0: (100 + 300 + 40) / 450 = 97.777…%   (C's month 0 is below its size: 10 never came back after signing up)
        // Month 1: (60 + 210 + 20) / 450 = 64.444…%    (unweighted, (60 + 70 + 40) / 3 would be 56.7%)
        // Month 2: (45 + 120) / 400 = 41.25%           (C has not reached month 2)
        // Month 3: 36 / 100 = 36%
        var analysis = RetentionAnalysis.Of(
        [
            new RetentionCohort("2026-01", 100, [100, 60, 45, 36]),
            new RetentionCohort("2026-02", 300, [300, 210, 120]),
            new RetentionCohort("2026-03", 50, [40, 20]),
        ]);

        Assert.Equal([100, 60, 45, 36], analysis.Rows[0].Percent);
        Assert.Equal([100, 70, 40], analysis.Rows[1].Percent);
        Assert.Equal([80, 40], analysis.Rows[2].Percent);
        Assert.Equal(4, analysis.Months);
        Assert.Equal([0, 1, 2, 3], analysis.Average.Select(a => a.Month));
        Assert.Equal(440.0 / 450 * 100, analysis.Average[0].Percent, Precision);
        Assert.Equal(290.0 / 450 * 100, analysis.Average[1].Percent, Precision);
        Assert.Equal(41.25, analysis.Average[2].Percent, Precision);
        Assert.Equal(36, analysis.Average[3].Percent, Precision);
        Assert.Equal([(3, 450L), (3, 450L), (2, 400L), (1, 100L)], analysis.Average.Select(a => (a.Cohorts, a.Users)));
    }

    [Fact]
    public void The_implied_churn_is_the_steady_monthly_loss_from_month_0_to_the_last_month_of_the_average_curve()
    {
        // 1000: 1000 800 640 512 and 500: 500 400 320 — both lose a fifth a month, so the average is 100 80 64 51.2 and
        // churn = 1 − (51.2 / 100)^(1/3) = 1 − 0.8 = 20 %.
        var analysis = RetentionAnalysis.Of(
        [
            new RetentionCohort("2026-01", 1000, [1000, 800, 640, 512]),
            new RetentionCohort("2026-02", 500, [500, 400, 320]),
        ]);

        Assert.Equal([100, 80, 64, 51.2], analysis.Average.Select(a => Math.Round(a.Percent, 9)));
        Assert.Equal(20, analysis.MonthlyChurnPercent!.Value, Precision);
    }

    [Theory]
    // One month after: 1 − 65 / 100 = 35 %; weighted, not the unweighted mean of 50 % and 70 %.
    [InlineData(new[] { 100.0, 65.0 }, 35.0)]
    // Month 0 below 100 % is the base: 1 − (37.5 / 75)^(1/1) = 50 %.
    [InlineData(new[] { 75.0, 37.5 }, 50.0)]
    // 1 − (25 / 100)^(1/2) = 1 − 0.5 = 50 %.
    [InlineData(new[] { 100.0, 40.0, 25.0 }, 50.0)]
    // Users came back: no loss over the curve.
    [InlineData(new[] { 100.0, 50.0, 100.0 }, 0.0)]
    // Nobody left at the end: everyone lost.
    [InlineData(new[] { 100.0, 10.0, 0.0 }, 100.0)]
    public void The_churn_formula_against_worked_curves(double[] curve, double churn) =>
        Assert.Equal(churn, RetentionAnalysis.ImpliedMonthlyChurnPercent(curve)!.Value, Precision);

    [Fact]
    public void A_weighted_month_1_decides_the_churn_of_two_unequal_cohorts()
    {
        // 100: 100 50 and 300: 300 210: month 1 is 260 / 400 = 65 %, so churn is 35 %.
        var analysis = RetentionAnalysis.Of([new RetentionCohort("a", 100, [100, 50]), new RetentionCohort("b", 300, [300, 210])]);

        Assert.Equal(65, analysis.Average[1].Percent, Precision);
        Assert.Equal(35, analysis.MonthlyChurnPercent!.Value, Precision);
    }

    [Fact]
    public void No_churn_is_implied_from_month_0_alone_nor_from_no_cohort()
    {
        Assert.Null(RetentionAnalysis.Of([new RetentionCohort("2026-01", 10, [10])]).MonthlyChurnPercent);
        var none = RetentionAnalysis.Of([]);
        Assert.Null(none.MonthlyChurnPercent);
        Assert.Equal(0, none.Months);
        Assert.Null(RetentionAnalysis.ImpliedMonthlyChurnPercent([0.0, 0.0]));
    }

    [Fact]
    public void The_heat_map_s_fills_run_from_pale_to_blue_and_keep_dark_text_readable_on_every_one()
    {
        Assert.Equal(RetentionColours.Low, RetentionColours.Fill(0));
        Assert.Equal(RetentionColours.High, RetentionColours.Fill(100));
        Assert.Equal(RetentionColours.High, RetentionColours.Fill(250));
        Assert.Equal(RetentionColours.Low, RetentionColours.Fill(double.NaN));
        foreach (var percent in Enumerable.Range(0, 101))
        {
            Assert.True(Contrast(RetentionColours.Fill(percent), RetentionColours.Text) >= 4.5, $"{percent}%");
        }
    }

    private static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            double Channel(int index)
            {
                var c = Convert.ToInt32(hex.Substring(1 + (2 * index), 2), 16) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Channel(0)) + (0.7152 * Channel(1)) + (0.0722 * Channel(2));
        }

        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }
}
