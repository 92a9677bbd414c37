namespace Portal.Features.Competitors;

/// <summary>
/// The event topics of the competitors tool: each part publishes on its own after a save, and every open page part
/// listens to the topics it shows (the matrix and the maps show the companies too).
/// </summary>
public static class CompetitorTopics
{
    /// <summary>Companies (including the team's own) and the competitive strategy.</summary>
    public const string Companies = "competitors";

    public const string Matrix = "competitor-matrix";

    public const string Maps = "positioning-maps";
}
