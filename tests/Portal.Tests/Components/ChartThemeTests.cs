using System.Globalization;
using Bunit;
using MudBlazor.Utilities;
using Plotly.Blazor;
using Portal.Components;
using Portal.Components.Layout;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Risks;
using Portal.Tests.Infrastructure;
using Portal.Tests.Kpis;

namespace Portal.Tests.Components;

public sealed class ChartThemeTests
{
    public static TheoryData<string> Charts => ["kpi", "risks", "confusion", "training"];

    [Fact]
    public void Chart_text_reaches_AA_contrast_on_the_page_and_on_cards_in_both_themes()
    {
        foreach (var (theme, palette) in new (ChartTheme, MudBlazor.Palette)[] { (ChartTheme.Light, PortalTheme.Theme.PaletteLight), (ChartTheme.Dark, PortalTheme.Theme.PaletteDark) })
        {
            Assert.True(Contrast(theme.Text, Hex(palette.Background)) >= 4.5, $"{theme.Text} on {Hex(palette.Background)}: {Contrast(theme.Text, Hex(palette.Background)):F2}");
            Assert.True(Contrast(theme.Text, Hex(palette.Surface)) >= 4.5, $"{theme.Text} on {Hex(palette.Surface)}: {Contrast(theme.Text, Hex(palette.Surface)):F2}");
        }
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task In_the_dark_theme_a_chart_has_light_labels_and_a_grid_that_is_not_white(string chart)
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var dark = new UiPreferences(DarkMode: true);
        var layouts = chart switch
        {
            "kpi" => Layouts(context.Render<KpiChart>(p => p.Add(c => c.Kpi, KpiTestData.View()).AddCascadingValue(dark))),
            "risks" => Layouts(context.Render<RiskHeatMap>(p => p.Add(c => c.Cells, RiskScore.HeatMap([(2, 3)])).AddCascadingValue(dark))),
            "confusion" => Layouts(context.Render<ConfusionMatrixChart>(p => p.Add(c => c.Matrix, [[5, 1], [2, 7]]).Add(c => c.ClassNames, ["cat", "dog"]).AddCascadingValue(dark))),
            _ => Layouts(context.Render<RunCharts>(p => p.Add(c => c.Metrics, [new MetricPoint(1, 1, 10, 1, 0.7, 0.6, 0.8, 0.55, 900)]).AddCascadingValue(dark))),
        };

        Assert.NotEmpty(layouts);
        var background = Hex(PortalTheme.Theme.PaletteDark.Background);
        foreach (var layout in layouts)
        {
            string[] labels =
            [
                (string)layout.Font.Color,
                .. layout.XAxis.Select(a => (string)a.TickFont.Color), .. layout.XAxis.Select(a => (string)a.Title.Font.Color),
                .. layout.YAxis.Select(a => (string)a.TickFont.Color), .. layout.YAxis.Select(a => (string)a.Title.Font.Color),
                .. (layout.Legend ?? []).Select(l => (string)l.Font.Color),
                (string)layout.HoverLabel.Font.Color,
            ];
            Assert.All(labels, colour => Assert.True(Luminance(colour) > 0.4 && Contrast(colour, background) >= 4.5, $"{chart}: label colour {colour}"));
            Assert.All([.. layout.XAxis.Select(a => (string)a.GridColor), .. layout.YAxis.Select(a => (string)a.GridColor)],
                colour => Assert.True(Luminance(colour) < 0.2, $"{chart}: grid colour {colour}"));
            Assert.Equal("rgba(0,0,0,0)", layout.PaperBgColor);
        }
    }

    private static List<Layout> Layouts(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> rendered) =>
        [.. rendered.FindComponents<PlotlyChart>().Select(c => c.Instance.Layout)];

    private static string Hex(MudColor colour) => $"#{colour.R:x2}{colour.G:x2}{colour.B:x2}";

    /// <summary>WCAG 2's contrast ratio of two opaque colours.</summary>
    private static double Contrast(string first, string second)
    {
        var (a, b) = (Luminance(first), Luminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    /// <summary>WCAG 2's relative luminance of a #rrggbb colour.</summary>
    private static double Luminance(string hex)
    {
        Assert.Matches("^#[0-9a-f]{6}$", hex);
        double Channel(int index)
        {
            var value = int.Parse(hex.AsSpan(1 + 2 * index, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(0) + 0.7152 * Channel(1) + 0.0722 * Channel(2);
    }
}
