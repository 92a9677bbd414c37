namespace Portal.Features.Market;

/// <summary>
/// What channels cost per customer won. A channel wins reach × conversion customers a month; its customer acquisition
/// cost (CAC) is its budget divided by them. The blended CAC of several channels is their total budget over their total
/// customers, so a cheap channel with few customers does not pull the average down as a mean of CACs would.
/// </summary>
public static class ChannelEconomics
{
    /// <summary>Customers a month: <paramref name="monthlyReach"/> × <paramref name="conversionPercent"/> / 100.</summary>
    public static double CustomersPerMonth(long monthlyReach, double conversionPercent) => monthlyReach * conversionPercent / 100.0;

    /// <summary>Budget ÷ customers a month; null when the channel wins nobody (no reach or no conversion).</summary>
    public static decimal? Cac(decimal monthlyBudget, long monthlyReach, double conversionPercent)
    {
        var customers = CustomersPerMonth(monthlyReach, conversionPercent);
        return customers > 0 ? monthlyBudget / (decimal)customers : null;
    }

    /// <summary>Total budget ÷ total customers a month of <paramref name="channels"/>; null when together they win nobody.</summary>
    public static decimal? BlendedCac(IEnumerable<MarketChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        decimal budget = 0;
        double customers = 0;
        foreach (var channel in channels)
        {
            budget += channel.MonthlyBudget;
            customers += CustomersPerMonth(channel.MonthlyReach, channel.ConversionPercent);
        }

        return customers > 0 ? budget / (decimal)customers : null;
    }
}
