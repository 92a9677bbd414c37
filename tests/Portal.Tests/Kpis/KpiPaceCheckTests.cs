using Portal.Features.Kpis;

namespace Portal.Tests.Kpis;

public sealed class KpiPaceCheckTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    private static DateOnly MonthsLater(double months) => Start.AddDays((int)Math.Round(months * KpiPaceCheck.DaysPerMonth));

    [Fact]
    public void The_guide_s_example_of_20_to_200_customers_in_four_months_needs_78_percent_a_month_and_is_flagged()
    {
        var pace = KpiPaceCheck.Compute(20, 200, Start, MonthsLater(4))!;

        Assert.Equal(KpiPaceMethod.Compound, pace.Method);
        Assert.Equal(0.778, pace.MonthlyRate, 2);
        Assert.True(pace.IsImplausible);
    }

    [Fact]
    public void The_guide_s_honest_target_of_60_needs_32_percent_a_month_and_passes()
    {
        var pace = KpiPaceCheck.Compute(20, 60, Start, MonthsLater(4))!;

        Assert.Equal(0.316, pace.MonthlyRate, 2);
        Assert.False(pace.IsImplausible);
    }

    [Fact]
    public void A_falling_kpi_is_flagged_when_it_must_lose_more_than_half_its_value_a_month()
    {
        var gentle = KpiPaceCheck.Compute(9, 3, Start, MonthsLater(2))!;
        var steep = KpiPaceCheck.Compute(100, 1, Start, MonthsLater(1))!;

        Assert.Equal(-0.42, gentle.MonthlyRate, 2);
        Assert.False(gentle.IsImplausible);
        Assert.Equal(-0.99, steep.MonthlyRate, 2);
        Assert.True(steep.IsImplausible);
    }

    [Fact]
    public void From_a_zero_baseline_the_linear_share_of_the_target_per_month_is_used()
    {
        var quick = KpiPaceCheck.Compute(0, 100, Start, MonthsLater(1))!;
        var patient = KpiPaceCheck.Compute(0, 100, Start, MonthsLater(4))!;

        Assert.Equal(KpiPaceMethod.Linear, quick.Method);
        Assert.Equal(1.0, quick.MonthlyRate, 1);
        Assert.True(quick.IsImplausible);
        Assert.Equal(0.25, patient.MonthlyRate, 2);
        Assert.False(patient.IsImplausible);
    }

    [Fact]
    public void From_negative_to_positive_the_change_is_measured_against_the_larger_magnitude()
    {
        // -10 to +10 in two months: 10 a month against a scale of 10.
        var pace = KpiPaceCheck.Compute(-10, 10, Start, MonthsLater(2))!;

        Assert.Equal(KpiPaceMethod.Linear, pace.Method);
        Assert.Equal(1.0, pace.MonthlyRate, 2);
        Assert.True(pace.IsImplausible);
    }

    [Fact]
    public void No_pace_without_a_planned_change_or_without_time()
    {
        Assert.Null(KpiPaceCheck.Compute(5, 5, Start, MonthsLater(3)));
        Assert.Null(KpiPaceCheck.Compute(5, 10, Start, Start));
        Assert.Null(KpiPaceCheck.Compute(5, 10, Start, Start.AddDays(-1)));
    }

    [Fact]
    public void A_one_day_deadline_is_flagged_rather_than_overflowing()
    {
        var pace = KpiPaceCheck.Compute(1, 1e9, Start, Start.AddDays(1))!;

        Assert.True(pace.IsImplausible);
    }
}
