using Portal.Features.Kpis;

namespace Portal.Tests.Kpis;

/// <summary>The status rule, checked against the guide's worked examples and at every edge the guide's words have.</summary>
public sealed class KpiStatusRuleTests
{
    // The guide's increasing example: paying mills, 20 on 1 March 2025 to 60 on 29 June 2025 (120 days).
    private static readonly DateOnly MillsStart = new(2025, 3, 1);
    private static readonly DateOnly MillsDeadline = new(2025, 6, 29);
    private static readonly DateOnly Day60 = new(2025, 4, 30);

    private static KpiStatusResult Mills(DateOnly date, double value) =>
        KpiStatusRule.Evaluate(20, 60, KpiDirection.Increase, MillsStart, MillsDeadline, [(date, value)]);

    [Fact]
    public void Planned_values_the_portal_works_out_are_shown_to_two_decimals()
    {
        var planned = KpiStatusRule.PlannedValue(20, 60, MillsStart, MillsDeadline, new DateOnly(2025, 3, 8));

        Assert.Equal(22.3333, Math.Round(planned, 4));
        Assert.Equal("22.33", KpiMessages.Computed(planned).Replace(",", "", StringComparison.Ordinal).Replace("٫", ".", StringComparison.Ordinal), ignoreCase: true);
    }

    [Fact]
    public void The_planned_value_halfway_is_halfway_between_baseline_and_target()
    {
        Assert.Equal(40, KpiStatusRule.PlannedValue(20, 60, MillsStart, MillsDeadline, Day60), 10);
    }

    [Theory]
    [InlineData(42.0, -0.05, KpiStatus.OnTrack)]
    [InlineData(39.0, 0.025, KpiStatus.OnTrack)]
    [InlineData(37.0, 0.075, KpiStatus.AtRisk)]
    [InlineData(33.0, 0.175, KpiStatus.OffTrack)]
    public void The_guide_s_increasing_example_gives_the_guide_s_statuses(double measured, double shortfall, KpiStatus status)
    {
        var result = Mills(Day60, measured);

        Assert.Equal(status, result.Status);
        Assert.Equal(shortfall, result.Shortfall!.Value, 10);
        Assert.Equal(40, result.Planned!.Value, 10);
        Assert.Equal((Day60, measured), (result.Date!.Value, result.Measured!.Value));
    }

    [Fact]
    public void The_guide_s_decreasing_example_is_at_risk_with_a_ten_percent_shortfall()
    {
        // False alarms per 100 m: 9 on 1 April to 3 on 31 May; halfway the plan is 6 and 6.6 was measured.
        var start = new DateOnly(2025, 4, 1);
        var deadline = new DateOnly(2025, 5, 31);
        var halfway = start.AddDays((deadline.DayNumber - start.DayNumber) / 2);

        var result = KpiStatusRule.Evaluate(9, 3, KpiDirection.Decrease, start, deadline, [(halfway, 6.6)]);

        Assert.Equal(6, result.Planned!.Value, 10);
        Assert.Equal(0.10, result.Shortfall!.Value, 10);
        Assert.Equal(KpiStatus.AtRisk, result.Status);
    }

    [Theory]
    [InlineData(5.8, KpiStatus.OnTrack)]
    [InlineData(4.0, KpiStatus.OnTrack)]
    [InlineData(6.3, KpiStatus.OnTrack)]
    [InlineData(6.9, KpiStatus.AtRisk)]
    [InlineData(7.2, KpiStatus.OffTrack)]
    public void A_decreasing_kpi_is_behind_when_its_value_is_above_the_path(double measured, KpiStatus status)
    {
        var start = new DateOnly(2025, 4, 1);
        var result = KpiStatusRule.Evaluate(9, 3, KpiDirection.Decrease, start, start.AddDays(60), [(start.AddDays(30), measured)]);

        Assert.Equal(status, result.Status);
    }

    [Theory]
    [InlineData(38.0, KpiStatus.OnTrack)] // exactly 5%: "at most 5%"
    [InlineData(37.99, KpiStatus.AtRisk)] // just above 5%
    [InlineData(34.0, KpiStatus.AtRisk)] // exactly 15%: "at most 15%"
    [InlineData(33.99, KpiStatus.OffTrack)] // just above 15%
    public void The_band_edges_belong_where_the_guide_s_words_put_them(double measured, KpiStatus status)
    {
        Assert.Equal(status, Mills(Day60, measured).Status);
    }

    [Theory]
    [InlineData(0.05, KpiStatus.OnTrack)]
    [InlineData(0.0500001, KpiStatus.AtRisk)]
    [InlineData(0.15, KpiStatus.AtRisk)]
    [InlineData(0.1500001, KpiStatus.OffTrack)]
    [InlineData(-3.0, KpiStatus.OnTrack)]
    [InlineData(0.0, KpiStatus.OnTrack)]
    public void Classify_puts_each_shortfall_in_its_band(double shortfall, KpiStatus status)
    {
        Assert.Equal(status, KpiStatusRule.Classify(shortfall));
    }

    [Fact]
    public void Far_ahead_of_the_path_is_on_track()
    {
        var result = Mills(Day60, 75);

        Assert.True(result.Shortfall < 0);
        Assert.Equal(KpiStatus.OnTrack, result.Status);
    }

    [Fact]
    public void After_the_deadline_the_planned_value_is_the_target()
    {
        var later = MillsDeadline.AddDays(30);

        Assert.Equal(60, KpiStatusRule.PlannedValue(20, 60, MillsStart, MillsDeadline, later));
        Assert.Equal(KpiStatus.OnTrack, Mills(later, 59).Status);
        Assert.Equal(KpiStatus.AtRisk, Mills(later, 55).Status);
        Assert.Equal(KpiStatus.OffTrack, Mills(later, 50).Status);
    }

    [Fact]
    public void Before_the_start_date_the_planned_value_is_the_baseline_and_a_measurement_is_not_judged()
    {
        var earlier = MillsStart.AddDays(-10);

        Assert.Equal(20, KpiStatusRule.PlannedValue(20, 60, MillsStart, MillsDeadline, earlier));
        // What was measured before the start is where the plan starts from, not a shortfall against it.
        Assert.All(new[] { 20.0, 16, 10 }, value => Assert.Equal(KpiStatus.NoData, Mills(earlier, value).Status));
        Assert.Null(Mills(earlier, 10).Shortfall);
        Assert.Equal(KpiStatus.OffTrack, Mills(MillsStart.AddDays(10), 10).Status);
    }

    [Fact]
    public void On_the_start_date_the_baseline_itself_is_on_track()
    {
        Assert.Equal(KpiStatus.OnTrack, Mills(MillsStart, 20).Status);
        Assert.Equal(0, Mills(MillsStart, 20).Shortfall);
    }

    [Fact]
    public void Without_measurements_the_status_is_no_data()
    {
        var result = KpiStatusRule.Evaluate(20, 60, KpiDirection.Increase, MillsStart, MillsDeadline, Array.Empty<(DateOnly, double)>());

        Assert.Equal(new KpiStatusResult(KpiStatus.NoData, null, null, null, null), result);
    }

    [Fact]
    public void The_latest_measurement_is_the_one_with_the_latest_date_whatever_the_order()
    {
        var result = KpiStatusRule.Evaluate(20, 60, KpiDirection.Increase, MillsStart, MillsDeadline,
            [(Day60, 33), (MillsStart.AddDays(10), 10), (Day60.AddDays(-5), 45)]);

        Assert.Equal(Day60, result.Date);
        Assert.Equal(KpiStatus.OffTrack, result.Status);
    }

    [Fact]
    public void The_shortfall_is_a_share_of_the_whole_change_for_negative_values_too()
    {
        // An operating margin from -20% to +20%: halfway the plan is 0, and -4 is 4 behind out of a change of 40.
        var start = new DateOnly(2026, 1, 1);
        var result = KpiStatusRule.Evaluate(-20, 20, KpiDirection.Increase, start, start.AddDays(100), [(start.AddDays(50), -4)]);

        Assert.Equal(0.10, result.Shortfall!.Value, 10);
        Assert.Equal(KpiStatus.AtRisk, result.Status);
    }
}
