namespace Portal.Features.Market;

/// <summary>Where the acquisition cost comes from.</summary>
public enum CacSource
{
    /// <summary>Neither entered nor computable: no channel wins anyone.</summary>
    None,
    Entered,
    Channels,
}

/// <summary>Where the inference cost a customer comes from.</summary>
public enum InferenceSource
{
    Entered,
    LabRun,
}

/// <summary>
/// One customer's economics, computed from the record. Monthly gross profit = price × margin − inference cost; lifetime
/// value (LTV) = gross profit ÷ monthly churn; LTV/CAC = LTV ÷ CAC; payback months = CAC ÷ gross profit.
/// </summary>
/// <param name="LtvToCac">Null without a CAC above 0.</param>
/// <param name="PaybackMonths">Null without a CAC or when a customer brings no gross profit (the cost is never paid back).</param>
public sealed record UnitEconomicsResult(
    decimal MonthlyPrice,
    double GrossMarginPercent,
    decimal InferenceCost,
    InferenceSource InferenceSource,
    double MonthlyChurnPercent,
    decimal GrossProfit,
    decimal Ltv,
    decimal? Cac,
    CacSource CacSource,
    decimal? LtvToCac,
    decimal? PaybackMonths)
{
    /// <summary>The guide's rule of thumb: a customer should bring at least three times what winning them cost.</summary>
    public const decimal MinLtvToCac = 3;

    /// <summary>Longer than a year and a half to earn back a customer's cost strains a young company's cash.</summary>
    public const decimal MaxPaybackMonths = 18;

    public bool GrossProfitNotPositive => GrossProfit <= 0;

    public bool LtvToCacLow => LtvToCac is { } ratio ? ratio < MinLtvToCac : GrossProfitNotPositive && Cac is > 0;

    public bool PaybackLong => PaybackMonths is > MaxPaybackMonths;

    public bool HasWarning => GrossProfitNotPositive || LtvToCacLow || PaybackLong;
}

public static class UnitEconomicsMath
{
    /// <summary>A lab run's cost for one customer a month: requests × the run's serving cost of 1,000,000 requests ÷ 1,000,000.</summary>
    public static decimal InferenceFromLab(long requestsPerCustomer, double monthlyServingUsdPerMillion) =>
        requestsPerCustomer * (decimal)monthlyServingUsdPerMillion / Decisions.LabCostEvidence.RequestsPerMonth;

    public static UnitEconomicsResult Compute(decimal monthlyPrice, double grossMarginPercent, decimal inferenceCost, InferenceSource inferenceSource, double monthlyChurnPercent, decimal? cac, CacSource cacSource)
    {
        var grossProfit = (monthlyPrice * (decimal)grossMarginPercent / 100) - inferenceCost;
        var churn = (decimal)monthlyChurnPercent / 100;
        var ltv = churn > 0 ? grossProfit / churn : 0;
        var ltvToCac = cac is > 0 ? ltv / cac.Value : (decimal?)null;
        var payback = cac is { } c && grossProfit > 0 ? c / grossProfit : (decimal?)null;
        return new UnitEconomicsResult(monthlyPrice, grossMarginPercent, inferenceCost, inferenceSource, monthlyChurnPercent, grossProfit, ltv, cac, cac is null ? CacSource.None : cacSource, ltvToCac, payback);
    }

    /// <summary>Cumulative gross profit of one customer after each month 0..<paramref name="months"/> (churn aside), for the payback chart.</summary>
    public static IReadOnlyList<decimal> Cumulative(decimal grossProfit, int months) => [.. Enumerable.Range(0, months + 1).Select(m => grossProfit * m)];
}
