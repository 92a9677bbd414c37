using MudBlazor;
using MudBlazor.Utilities;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Portal.Components.Layout;

namespace Portal.Components;

/// <summary>
/// The colours every Plotly chart takes from the portal's palette, so that labels, grid and hover boxes follow the
/// light or dark theme. Plotly's own defaults are dark text and white grid lines, unreadable on the dark background.
/// </summary>
public sealed record ChartTheme
{
    public static ChartTheme Light { get; } = From(PortalTheme.Theme.PaletteLight, ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#c62828"]);

    // Lighter tints of the same hues: the light theme's series colours are too dark to tell apart on the dark surface.
    public static ChartTheme Dark { get; } = From(PortalTheme.Theme.PaletteDark, ["#64b5f6", "#ffb74d", "#81c784", "#ce93d8", "#4dd0e1", "#e57373"]);

    /// <summary>Tick labels, axis and legend titles, legend entries, hover text.</summary>
    public required string Text { get; init; }

    /// <summary>Secondary lines drawn as reference, such as a planned path.</summary>
    public required string Muted { get; init; }

    public required string Grid { get; init; }

    /// <summary>Axis lines, zero lines and tick marks: a step stronger than the grid.</summary>
    public required string Axis { get; init; }

    /// <summary>The card the chart sits on; hover boxes take it.</summary>
    public required string Surface { get; init; }

    public required string Primary { get; init; }

    /// <summary>One colour per series, in order.</summary>
    public required IReadOnlyList<string> Series { get; init; }

    public static ChartTheme For(UiPreferences? preferences) => preferences?.DarkMode == true ? Dark : Light;

    /// <summary>A scale from the surface to the primary colour, for heat maps where more is darker (or, in dark, brighter).</summary>
    public object SequentialScale => new object[] { new object[] { 0, Surface }, new object[] { 1, Primary } };

    /// <summary>Colours <paramref name="layout"/>'s background, text, axes, legends and hover box; returns it for chaining.</summary>
    public Plotly.Blazor.Layout Apply(Plotly.Blazor.Layout layout)
    {
        const string transparent = "rgba(0,0,0,0)";
        layout.PaperBgColor = transparent;
        layout.PlotBgColor = transparent;
        layout.Font = new Font { Color = Text };
        layout.Colorway = [.. Series];
        layout.HoverLabel = new HoverLabel { BgColor = Surface, BorderColor = Axis, Font = new Plotly.Blazor.LayoutLib.HoverLabelLib.Font { Color = Text } };
        layout.ModeBar = new ModeBar { BgColor = transparent, Color = Muted, ActiveColor = Text };
        foreach (var axis in layout.XAxis ?? [])
        {
            (axis.GridColor, axis.ZeroLineColor, axis.LineColor, axis.TickColor) = (Grid, Axis, Axis, Axis);
            axis.TickFont = new Plotly.Blazor.LayoutLib.XAxisLib.TickFont { Color = Text };
            axis.Title ??= new Plotly.Blazor.LayoutLib.XAxisLib.Title();
            axis.Title.Font = new Plotly.Blazor.LayoutLib.XAxisLib.TitleLib.Font { Color = Text };
        }

        foreach (var axis in layout.YAxis ?? [])
        {
            (axis.GridColor, axis.ZeroLineColor, axis.LineColor, axis.TickColor) = (Grid, Axis, Axis, Axis);
            axis.TickFont = new Plotly.Blazor.LayoutLib.YAxisLib.TickFont { Color = Text };
            axis.Title ??= new Plotly.Blazor.LayoutLib.YAxisLib.Title();
            axis.Title.Font = new Plotly.Blazor.LayoutLib.YAxisLib.TitleLib.Font { Color = Text };
        }

        foreach (var legend in layout.Legend ?? [])
        {
            legend.BgColor = transparent;
            legend.Font = new Plotly.Blazor.LayoutLib.LegendLib.Font { Color = Text };
        }

        return layout;
    }

    /// <summary>
    /// A horizontal legend over the plot's top left corner, which Plotly makes room for in the top margin. Below the
    /// plot it collided with slanted date labels; the mode bar on the right is hidden on phones (see app.css).
    /// </summary>
    public static Legend LegendOnTop() => new()
    {
        Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H,
        X = 0,
        XAnchor = Plotly.Blazor.LayoutLib.LegendLib.XAnchorEnum.Left,
        Y = 1,
        YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom,
    };

    private static ChartTheme From(Palette palette, IReadOnlyList<string> series) => new()
    {
        Text = Opaque(palette.TextPrimary, palette.Surface),
        Muted = Opaque(palette.TextSecondary, palette.Surface),
        Grid = Opaque(palette.LinesDefault, palette.Surface),
        Axis = Opaque(palette.LinesInputs, palette.Surface),
        Surface = Opaque(palette.Surface, palette.Surface),
        Primary = Opaque(palette.Primary, palette.Surface),
        Series = series,
    };

    /// <summary>The palette's translucent colours as they look on the surface, so that contrast can be measured and Plotly draws them alike.</summary>
    private static string Opaque(MudColor colour, MudColor under)
    {
        var alpha = colour.APercentage;
        byte Mix(byte top, byte bottom) => (byte)Math.Round(top * alpha + bottom * (1 - alpha));
        return $"#{Mix(colour.R, under.R):x2}{Mix(colour.G, under.G):x2}{Mix(colour.B, under.B):x2}";
    }
}
