namespace Portal.Features.Competitors;

/// <summary>Where a value lies on an axis, in thirds: how the gap is said in words ("low price, high quality").</summary>
public enum PositioningLevel
{
    Low,
    Middle,
    High,
}

/// <summary>
/// The emptiest place of a map: the centre of the largest circle that holds no competitor. The centre is sought on a
/// grid over the map (every <see cref="Step"/> along both axes, edges included): of the grid's points, the one farthest
/// from its nearest competitor. Equally far points are decided by nearness to the map's centre (a gap inside the
/// market before one in a corner), then by the lower x, then by the lower y, so the same map always shows the same gap.
/// </summary>
/// <param name="Radius">The distance from the gap to the nearest competitor, in axis units.</param>
public sealed record PositioningGap(double X, double Y, double Radius)
{
    public const double Step = 0.5;

    /// <summary>Distances closer than this are equal: grid arithmetic must not decide a tie.</summary>
    private const double Tolerance = 1e-9;

    public PositioningLevel XLevel => LevelOf(X);

    public PositioningLevel YLevel => LevelOf(Y);

    /// <summary>The gap among the map's competitors; the team's own company is left out, so the map shows whether it sits in the gap.</summary>
    public static PositioningGap? Of(PositioningMapView map, IReadOnlyList<PositioningCompany> companies)
    {
        var competitors = companies.Where(c => !c.IsOwnCompany).Select(c => c.Id).ToHashSet();
        return Find(map.Placements.Where(p => competitors.Contains(p.CompetitorId)).Select(p => (p.X, p.Y)));
    }

    /// <summary>The gap among <paramref name="placed"/>; null when nothing is placed (every point would be equally empty).</summary>
    public static PositioningGap? Find(IEnumerable<(double X, double Y)> placed)
    {
        var points = placed.ToList();
        if (points.Count == 0)
        {
            return null;
        }

        const double centre = (PositioningMap.Min + PositioningMap.Max) / 2;
        var steps = (int)Math.Round((PositioningMap.Max - PositioningMap.Min) / Step);
        PositioningGap? best = null;
        var bestFromCentre = double.MaxValue;
        // x outer, y inner, and only a strictly better point replaces the best: among full ties the lower x, then y, stays.
        for (var i = 0; i <= steps; i++)
        {
            for (var j = 0; j <= steps; j++)
            {
                var (x, y) = (PositioningMap.Min + (i * Step), PositioningMap.Min + (j * Step));
                var radius = points.Min(p => Distance(x, y, p.X, p.Y));
                var fromCentre = Distance(x, y, centre, centre);
                if (best is null || radius > best.Radius + Tolerance || (Math.Abs(radius - best.Radius) <= Tolerance && fromCentre < bestFromCentre - Tolerance))
                {
                    best = new PositioningGap(x, y, radius);
                    bestFromCentre = fromCentre;
                }
            }
        }

        return best;
    }

    /// <summary>The lower third of an axis is low, the upper third high, the rest middle.</summary>
    public static PositioningLevel LevelOf(double value)
    {
        var third = (PositioningMap.Max - PositioningMap.Min) / 3;
        return value < PositioningMap.Min + third ? PositioningLevel.Low
            : value > PositioningMap.Max - third ? PositioningLevel.High
            : PositioningLevel.Middle;
    }

    public static double Distance(double x1, double y1, double x2, double y2) => Math.Sqrt(((x1 - x2) * (x1 - x2)) + ((y1 - y2) * (y1 - y2)));
}
