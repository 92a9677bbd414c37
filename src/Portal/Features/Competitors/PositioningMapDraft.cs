namespace Portal.Features.Competitors;

/// <summary>A map's name and axes as the new-map or rename form holds them, typed and not saved yet.</summary>
public sealed class PositioningMapDraft
{
    public string Name { get; set; } = "";

    public string XAxis { get; set; } = "";

    public string YAxis { get; set; } = "";

    public PositioningMapInput ToInput() => new(Name, XAxis, YAxis);
}
