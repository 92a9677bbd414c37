namespace Portal.Features.Competitors;

/// <summary>
/// One row of a map's table as the user edits it: the numbers typed, and the placement version they started from
/// (null: the company was not placed), which a save names so that a move made meanwhile is not overwritten unseen.
/// </summary>
public sealed class PositioningPlacementEdit
{
    public double? X { get; set; }

    public double? Y { get; set; }

    public Guid? Base { get; set; }

    /// <summary>Typed and not saved yet: a live update leaves the numbers alone.</summary>
    public bool Dirty { get; set; }

    public string? Error { get; set; }

    /// <summary>What someone else saved meanwhile, in words, until the user saves again.</summary>
    public string? Conflict { get; set; }

    /// <summary>Shows <paramref name="placement"/> as stored: its numbers, its version, no message.</summary>
    public void Reset(PlacementView? placement)
    {
        (X, Y, Base) = (placement?.X, placement?.Y, placement?.Version);
        (Dirty, Error, Conflict) = (false, null, null);
    }
}
