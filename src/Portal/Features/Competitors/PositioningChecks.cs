using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>The checks every change of a map or a placement passes, each problem on its own field.</summary>
internal static class PositioningChecks
{
    /// <summary>Returns the input trimmed; the two axes must differ and the name be the workspace's only map of that name.</summary>
    public static PositioningMapInput Map(PositioningMapInput input, IEnumerable<string> otherNames)
    {
        var checks = new InputChecks();
        var name = checks.Text(nameof(input.Name), input.Name, PositioningMap.NameMaxLength, required: true);
        var x = checks.Text(nameof(input.XAxis), input.XAxis, PositioningMap.AxisMaxLength, required: true);
        var y = checks.Text(nameof(input.YAxis), input.YAxis, PositioningMap.AxisMaxLength, required: true);
        checks.Expect(name.Length == 0 || !otherNames.Contains(name, StringComparer.OrdinalIgnoreCase), nameof(input.Name), "Positioning.Error.DuplicateName");
        // One quality on both axes puts every company on the diagonal: the map would say nothing.
        checks.Expect(x.Length == 0 || !string.Equals(x, y, StringComparison.OrdinalIgnoreCase), nameof(input.YAxis), "Positioning.Error.SameAxes");
        checks.ThrowIfAny();
        return new PositioningMapInput(name, x, y);
    }

    /// <summary>Returns the placement with each value rounded to one decimal; both within the axes' range.</summary>
    public static PlacementInput Placement(PlacementInput input, bool companyKnown)
    {
        var checks = new InputChecks();
        checks.Expect(companyKnown, nameof(input.CompetitorId), "Positioning.Error.NoCompany");
        checks.Expect(InRange(input.X), nameof(input.X), "Positioning.Error.Range", PositioningMap.Min, PositioningMap.Max);
        checks.Expect(InRange(input.Y), nameof(input.Y), "Positioning.Error.Range", PositioningMap.Min, PositioningMap.Max);
        checks.ThrowIfAny();
        return input with { X = Math.Round(input.X, 1), Y = Math.Round(input.Y, 1) };
    }

    // NaN fails both comparisons, so it is refused too.
    private static bool InRange(double value) => value >= PositioningMap.Min && value <= PositioningMap.Max;
}
