using Portal.Features.Market;

namespace Portal.Tests.Market;

/// <summary>The CAC arithmetic against worked examples, figured by hand.</summary>
public sealed class ChannelEconomicsTests
{
    private static ChannelView Channel(string name, decimal budget, long reach, double conversion) =>
        new(Guid.NewGuid(), name, ChannelReach.Online, ChannelKind.Ads, budget, reach, conversion, null, 0, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void One_channel_wins_reach_times_conversion_customers_and_costs_its_budget_over_them()
    {
        // 20,000 people reached × 1.5 % = 300 customers; 3,000 USD ÷ 300 = 10 USD each.
        var ads = Channel("Search ads", 3000m, 20_000, 1.5);

        Assert.Equal(300, ads.CustomersPerMonth, 9);
        Assert.Equal(10m, ads.Cac);
        Assert.Equal(10m, ChannelView.BlendedCac([ads]));
    }

    [Fact]
    public void The_blended_cac_is_total_budget_over_total_customers_not_the_mean_of_the_channels_cacs()
    {
        // Ads: 3,000 USD for 300 customers (10 USD). Trade show: 500 USD, 1,000 visitors × 0.5 % = 5 customers (100 USD).
        // Blended: 3,500 ÷ 305 = 11.475… USD; the mean of the two CACs would be 55 USD.
        var ads = Channel("Search ads", 3000m, 20_000, 1.5);
        var show = Channel("Trade show", 500m, 1_000, 0.5);

        Assert.Equal(100m, show.Cac);
        var blended = ChannelView.BlendedCac([ads, show])!.Value;
        Assert.Equal(3500m / 305m, blended, 10);
        Assert.Equal("11.48", blended.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(55m, Math.Round(blended));
    }

    [Fact]
    public void A_channel_without_conversion_or_reach_wins_nobody_has_no_cac_but_its_budget_still_counts_in_the_blend()
    {
        // Content: 1,000 USD, 5,000 readers, 0 % conversion: no customers, no CAC. With the ads: 4,000 ÷ 300 = 13.33 USD.
        var content = Channel("Blog", 1000m, 5_000, 0);
        var unreached = Channel("Flyers", 200m, 0, 3);
        var ads = Channel("Search ads", 3000m, 20_000, 1.5);

        Assert.Equal((0d, (decimal?)null), (content.CustomersPerMonth, content.Cac));
        Assert.Null(unreached.Cac);
        Assert.Null(ChannelView.BlendedCac([content, unreached]));
        Assert.Null(ChannelView.BlendedCac([]));
        Assert.Equal(4000m / 300m, ChannelView.BlendedCac([content, ads])!.Value, 10);
    }

    [Fact]
    public void A_free_channel_that_wins_customers_costs_nothing_per_customer()
    {
        // Referrals: no budget, 400 people told × 5 % = 20 customers at 0 USD; with the ads, 3,000 ÷ 320 = 9.375 USD.
        var referral = Channel("Referrals", 0m, 400, 5);
        var ads = Channel("Search ads", 3000m, 20_000, 1.5);

        Assert.Equal(0m, referral.Cac);
        Assert.Equal(9.375m, ChannelView.BlendedCac([referral, ads])!.Value, 10);
    }
}
