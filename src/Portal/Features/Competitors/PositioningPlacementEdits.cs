namespace Portal.Features.Competitors;

/// <summary>
/// The rows of every map's table as the user edits them, by map and company: kept while the user switches maps, so
/// numbers typed on one map are still there when they come back to it.
/// </summary>
public sealed class PositioningPlacementEdits
{
    private readonly Dictionary<(Guid Map, Guid Company), PositioningPlacementEdit> rows = [];

    /// <summary>The company's row on the map, made from <paramref name="placement"/> the first time it is shown.</summary>
    public PositioningPlacementEdit Row(Guid mapId, Guid companyId, PlacementView? placement)
    {
        if (!rows.TryGetValue((mapId, companyId), out var row))
        {
            row = new PositioningPlacementEdit();
            row.Reset(placement);
            rows[(mapId, companyId)] = row;
        }

        return row;
    }

    /// <summary>Rows the user has not touched show the map as it is now; typed numbers stay until saved or refused.</summary>
    public void Sync(PositioningMapView map)
    {
        foreach (var ((mapId, companyId), row) in rows)
        {
            if (mapId == map.Id && !row.Dirty)
            {
                row.Reset(map.PlacementOf(companyId));
            }
        }
    }

    public void Forget(Guid mapId)
    {
        foreach (var key in rows.Keys.Where(k => k.Map == mapId).ToList())
        {
            rows.Remove(key);
        }
    }

    public void Clear() => rows.Clear();
}
