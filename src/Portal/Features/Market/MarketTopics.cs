namespace Portal.Features.Market;

/// <summary>The event topics of the customers and channels tool; each open panel listens to those it shows.</summary>
public static class MarketTopics
{
    /// <summary>Personas and channels.</summary>
    public const string Customers = "market";

    /// <summary>The growth funnel and the unit economics.</summary>
    public const string Growth = "growth";

    public const string Retention = "retention";
}
