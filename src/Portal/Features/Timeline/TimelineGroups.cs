using MudBlazor;

namespace Portal.Features.Timeline;

/// <summary>How the page shows each group: an icon and a colour, the same as the tool's own where it has one.</summary>
public static class TimelineGroups
{
    public static string Icon(string group) => group switch
    {
        "canvas" => Icons.Material.Filled.Dashboard,
        "kpi" => Icons.Material.Filled.TrackChanges,
        "risk" => Icons.Material.Filled.Warning,
        "milestone" => Icons.Material.Filled.Flag,
        "decision" => Icons.Material.Filled.Balance,
        "run" => Icons.Material.Filled.Science,
        "exercise" => Icons.Material.Filled.School,
        _ => Icons.Material.Filled.Circle,
    };

    public static Color Colour(string group) => group switch
    {
        "canvas" => Color.Primary,
        "kpi" => Color.Success,
        "risk" => Color.Warning,
        "milestone" => Color.Tertiary,
        "decision" => Color.Info,
        "run" => Color.Secondary,
        _ => Color.Default,
    };

    /// <summary>The groups named in a <c>?groups=</c> value, in the page's order; unknown names are left out.</summary>
    public static IReadOnlyList<string> Parse(string? query) =>
        [.. TimelineService.Groups.Where(g => (query ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(g))];
}
