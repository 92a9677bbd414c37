using Portal.Features.Decisions;
using Portal.Features.Market;

namespace Portal.Tests.Market;

/// <summary>The funnel's conversions and weakest step, and one customer's economics, against examples worked by hand.</summary>
public sealed class GrowthMathTests
{
    [Fact]
    public void Conversions_are_each_stage_over_the_one_before_and_the_weakest_step_is_the_lowest()
    {
        // 1,000 → 400 → 200 → 50 → 20: 40%, 50%, 25%, 40%; the weakest step is retention → revenue.
        var steps = FunnelMath.Steps([1000, 400, 200, 50, 20]);

        Assert.Equal([40.0, 50.0, 25.0, 40.0], steps.Select(s => s.Percent!.Value));
        Assert.Equal(
            [(FunnelStageKind.Acquisition, FunnelStageKind.Activation), (FunnelStageKind.Activation, FunnelStageKind.Retention), (FunnelStageKind.Retention, FunnelStageKind.Revenue), (FunnelStageKind.Revenue, FunnelStageKind.Referral)],
            steps.Select(s => (s.From, s.To)));
        Assert.Equal((FunnelStageKind.Retention, FunnelStageKind.Revenue), (FunnelMath.Weakest(steps)!.From, FunnelMath.Weakest(steps)!.To));
        Assert.DoesNotContain(steps, s => s.Grows);
    }

    [Fact]
    public void Of_equally_weak_steps_the_earliest_is_the_weakest()
    {
        // 900 → 300 → 100 → 60 → 20: 33.3%, 33.3%, 60%, 33.3%: three equal, the first of them.
        var steps = FunnelMath.Steps([900, 300, 100, 60, 20]);

        Assert.Equal(steps[0].Percent, steps[1].Percent);
        Assert.Equal(steps[0].Percent, steps[3].Percent);
        Assert.Equal(FunnelStageKind.Acquisition, FunnelMath.Weakest(steps)!.From);
    }

    [Fact]
    public void A_later_stage_larger_than_the_one_before_is_allowed_and_flagged_and_steps_from_zero_or_a_gap_are_not_computed()
    {
        // 100 → 150 (150%, flagged), 150 → nothing, nothing → 0, 0 → 5 (from zero: no conversion, but it grows).
        var steps = FunnelMath.Steps([100, 150, null, 0, 5]);

        Assert.Equal([150.0, null, null, null], steps.Select(s => s.Percent));
        Assert.Equal([true, false, false, true], steps.Select(s => s.Grows));
        Assert.Equal(FunnelStageKind.Acquisition, FunnelMath.Weakest(steps)!.From);
        Assert.Null(FunnelMath.Weakest(FunnelMath.Steps([null, null, 10, null, null])));
    }

    [Fact]
    public void A_lab_run_prices_a_customer_s_requests_at_its_serving_cost_of_a_million()
    {
        // 20,000 requests a month × $125 for 1,000,000 requests ÷ 1,000,000 = $2.50.
        Assert.Equal(2.5m, UnitEconomicsMath.InferenceFromLab(20_000, 125));
        Assert.Equal(1_000_000, LabCostEvidence.RequestsPerMonth);
    }

    [Fact]
    public void Gross_profit_ltv_ltv_to_cac_and_payback_of_the_worked_example_with_a_lab_run_and_the_channels_cac()
    {
        // Price $50, margin 80%, inference from the run: 20,000 × $125 ÷ 1,000,000 = $2.50.
        // Gross profit = 50 × 0.8 − 2.5 = $37.50; LTV = 37.5 ÷ 5% = $750.
        // Channels: $45,000 for 10,000 × 1% = 100 customers and $15,000 for 10,000 × 1% = 100: CAC = 60,000 ÷ 200 = $300.
        // LTV/CAC = 750 ÷ 300 = 2.5 (below 3: warned); payback = 300 ÷ 37.5 = 8 months (fine).
        var run = new LabCostFigure(Guid.NewGuid(), "Small CNN", 125, "T4", 3);
        var workspace = Guid.NewGuid();
        var blended = ChannelEconomics.BlendedCac(
        [
            new MarketChannel { Name = "Ads", WorkspaceId = workspace, MonthlyBudget = 45_000, MonthlyReach = 10_000, ConversionPercent = 1 },
            new MarketChannel { Name = "Trade shows", WorkspaceId = workspace, MonthlyBudget = 15_000, MonthlyReach = 10_000, ConversionPercent = 1 },
        ]);

        var result = GrowthService.Compute(new UnitEconomicsInput(50, 80, 9.99m, run.RunId, 20_000, 5, null), run, blended);

        Assert.Equal(300m, Math.Round(blended!.Value, 6));
        Assert.Equal((2.5m, InferenceSource.LabRun), (result.InferenceCost, result.InferenceSource));
        Assert.Equal(37.5m, result.GrossProfit);
        Assert.Equal(750m, result.Ltv);
        Assert.Equal(CacSource.Channels, result.CacSource);
        Assert.Equal(2.5m, Math.Round(result.LtvToCac!.Value, 6));
        Assert.Equal(8m, Math.Round(result.PaybackMonths!.Value, 6));
        Assert.Equal((false, true, false), (result.GrossProfitNotPositive, result.LtvToCacLow, result.PaybackLong));
    }

    [Fact]
    public void An_entered_cac_and_inference_cost_can_warn_of_a_long_payback_and_no_gross_profit()
    {
        // Entered: $2.50 inference, CAC $900. LTV/CAC = 750 ÷ 900 = 0.83; payback = 900 ÷ 37.5 = 24 months.
        var dear = GrowthService.Compute(new UnitEconomicsInput(50, 80, 2.5m, null, 0, 5, 900), null, 300);
        Assert.Equal((InferenceSource.Entered, CacSource.Entered, 900m), (dear.InferenceSource, dear.CacSource, dear.Cac!.Value));
        Assert.Equal(0.83m, Math.Round(dear.LtvToCac!.Value, 2));
        Assert.Equal(24m, dear.PaybackMonths);
        Assert.Equal((false, true, true), (dear.GrossProfitNotPositive, dear.LtvToCacLow, dear.PaybackLong));

        // $10 × 20% − $2.50 = −$0.50 a month: never paid back.
        var losing = GrowthService.Compute(new UnitEconomicsInput(10, 20, 2.5m, null, 0, 10, 100), null, null);
        Assert.Equal(-0.5m, losing.GrossProfit);
        Assert.Null(losing.PaybackMonths);
        Assert.True(losing.GrossProfitNotPositive && losing.LtvToCacLow && losing.HasWarning);

        // Exactly 3 and exactly 18 months are fine: $30 profit, 10% churn, LTV $300, CAC $100 → 3 and 3.3 months.
        var edge = GrowthService.Compute(new UnitEconomicsInput(30, 100, null, null, 0, 10, 100), null, null);
        Assert.Equal((3m, false), (edge.LtvToCac, edge.LtvToCacLow));
        var slow = GrowthService.Compute(new UnitEconomicsInput(10, 100, null, null, 0, 1, 180), null, null);
        Assert.Equal((18m, false), (slow.PaybackMonths, slow.PaybackLong));
    }

    [Fact]
    public void Without_channels_that_win_anyone_or_an_entered_cac_there_is_no_ratio_and_no_payback()
    {
        var result = GrowthService.Compute(new UnitEconomicsInput(50, 80, null, null, 0, 5, null), null, ChannelEconomics.BlendedCac([]));

        Assert.Equal((CacSource.None, (decimal?)null, (decimal?)null), (result.CacSource, result.LtvToCac, result.PaybackMonths));
        Assert.False(result.HasWarning);
        Assert.Equal(800m, result.Ltv);
    }
}
