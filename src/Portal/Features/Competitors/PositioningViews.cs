namespace Portal.Features.Competitors;

/// <summary>A map's name and axes as a page sends them (new, or renamed).</summary>
public sealed record PositioningMapInput(string Name, string XAxis, string YAxis);

/// <summary>Where a page puts a company on a map; the service rounds each value to one decimal.</summary>
public sealed record PlacementInput(Guid CompetitorId, double X, double Y);

/// <summary>One company's place on one map, with the version a move must name.</summary>
public sealed record PlacementView(Guid CompetitorId, double X, double Y, Guid Version);

/// <summary>A map with every placement, as events and conflicts carry it.</summary>
public sealed record PositioningMapView(
    Guid Id,
    string Name,
    string XAxis,
    string YAxis,
    int Position,
    IReadOnlyList<PlacementView> Placements,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public PositioningMapInput ToInput() => new(Name, XAxis, YAxis);

    public PlacementView? PlacementOf(Guid competitorId) => Placements.FirstOrDefault(p => p.CompetitorId == competitorId);

    internal static PositioningMapView Of(PositioningMap map) => new(
        map.Id,
        map.Name,
        map.XAxis,
        map.YAxis,
        map.Position,
        [.. map.Placements.OrderBy(p => p.CompetitorId).Select(p => new PlacementView(p.CompetitorId, p.X, p.Y, p.Version))],
        map.Version,
        map.CreatedAt,
        map.UpdatedAt);
}

/// <summary>A company as the maps show it: a point labelled with its name, the team's own drawn apart.</summary>
public sealed record PositioningCompany(Guid Id, string Name, bool IsOwnCompany, int Position);

/// <summary>Everything the maps panel shows: the maps in order and the companies that can be placed on them.</summary>
public sealed record PositioningBoard(IReadOnlyList<PositioningMapView> Maps, IReadOnlyList<PositioningCompany> Companies);

/// <summary>
/// A suggested pair of axes; its name and axes are texts of <c>PositioningText</c>
/// (<c>Positioning.Pair.{Code}.Name</c>, <c>.X</c>, <c>.Y</c>), put in the form in the reader's language.
/// </summary>
public static class PositioningAxisPairs
{
    public const string PriceQuality = "PriceQuality";
    public const string GeneralSpecialised = "GeneralSpecialised";
    public const string EaseCustomisation = "EaseCustomisation";
    public const string PrivacySpeed = "PrivacySpeed";
    public const string AutomationOversight = "AutomationOversight";

    /// <summary>The two examples first, then three more an AI startup often weighs.</summary>
    public static IReadOnlyList<string> Suggested { get; } = [PriceQuality, GeneralSpecialised, EaseCustomisation, PrivacySpeed, AutomationOversight];
}
