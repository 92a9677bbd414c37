using Bunit;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Features.Risks;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class RiskHeatMapTests
{
    [Fact]
    public async Task An_empty_register_colours_every_cell_by_its_band_and_shows_no_numbers()
    {
        await using var context = PortalComponentTestContext.Create(out _);

        var map = context.Render<RiskHeatMap>(parameters => parameters.Add(p => p.Cells, RiskScore.HeatMap([])));

        var trace = Trace(map);
        for (var likelihood = 1; likelihood <= 5; likelihood++)
        {
            for (var impact = 1; impact <= 5; impact++)
            {
                var band = RiskScore.Band(likelihood * impact);
                Assert.Equal((int)band, At(trace.Z, likelihood, impact));
                Assert.Equal("", At(trace.Text, likelihood, impact));
                Assert.Contains(RiskBandColours.Fill(band), Cell(map, likelihood, impact).GetAttribute("style"), StringComparison.Ordinal);
                Assert.Equal("", map.Find($"[data-testid=cell-{likelihood}-{impact}]").TextContent);
            }
        }

        Assert.Equal(RiskBandColours.Fill(RiskBand.Low), ColourOf(trace, (int)RiskBand.Low));
        Assert.Equal(RiskBandColours.Fill(RiskBand.Low), ColourOf(trace, At<int>(trace.Z, 1, 1)));
    }

    [Fact]
    public async Task A_cell_is_coloured_by_its_severity_band_whatever_its_count_and_shows_the_count_as_text()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var cells = RiskScore.HeatMap([(4, 5), (3, 4), (3, 4), (3, 4)]);

        var map = context.Render<RiskHeatMap>(parameters => parameters.Add(p => p.Cells, cells));

        var trace = Trace(map);
        Assert.Equal(RiskBandColours.Fill(RiskBand.Critical), ColourOf(trace, At<int>(trace.Z, 4, 5)));
        Assert.Equal(RiskBandColours.Fill(RiskBand.High), ColourOf(trace, At<int>(trace.Z, 3, 4)));
        Assert.Equal("1", At(trace.Text, 4, 5));
        Assert.Equal("3", At(trace.Text, 3, 4));
        Assert.Equal("%{text}", trace.TextTemplate);
        Assert.Equal("Critical", Cell(map, 4, 5).GetAttribute("data-band"));
        Assert.Equal("High", Cell(map, 3, 4).GetAttribute("data-band"));
        Assert.Contains(RiskBandColours.Fill(RiskBand.High), Cell(map, 3, 4).GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("3", map.Find("[data-testid=cell-3-4]").TextContent);
    }

    [Fact]
    public async Task Choosing_a_cell_in_the_keyboard_table_reports_it_and_outlines_it_on_the_map()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        (int Likelihood, int Impact)? chosen = null;
        var map = context.Render<RiskHeatMap>(parameters => parameters
            .Add(p => p.Cells, RiskScore.HeatMap([(2, 3)]))
            .Add(p => p.OnCellSelected, cell => chosen = cell));

        Assert.Equal(25, map.FindAll("button[data-testid^=cell-]").Count);
        map.Find("[data-testid=cell-2-3]").Click();
        Assert.Equal((2, 3), chosen);

        map.Render(parameters => parameters.Add(p => p.Selected, (2, 3)));
        var outline = Assert.Single(map.FindComponent<PlotlyChart>().Instance.Layout.Shapes);
        Assert.Equal((2.5, 3.5, 1.5, 2.5), ((double)outline.X0, (double)outline.X1, (double)outline.Y0, (double)outline.Y1));
        Assert.Equal("true", map.Find("[data-testid=cell-2-3]").GetAttribute("aria-pressed"));
    }

    private static HeatMap Trace(IRenderedComponent<RiskHeatMap> map) => Assert.IsType<HeatMap>(Assert.Single(map.FindComponent<PlotlyChart>().Instance.Data));

    /// <summary>The trace's rows run from likelihood 1 at the bottom; its columns from impact 1.</summary>
    private static object At(IList<object> rows, int likelihood, int impact) => ((IList<object>)rows[likelihood - 1])[impact - 1];

    private static T At<T>(IList<object> rows, int likelihood, int impact) => (T)At(rows, likelihood, impact);

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<RiskHeatMap> map, int likelihood, int impact) =>
        map.Find($"[data-testid=cell-{likelihood}-{impact}]").ParentElement!;

    /// <summary>The colour Plotly gives a z value: the scale's stop at (z − zmin) / (zmax − zmin), which must exist exactly.</summary>
    private static string ColourOf(HeatMap trace, int z)
    {
        var position = (double)(z - trace.ZMin!.Value) / (double)(trace.ZMax!.Value - trace.ZMin.Value);
        var stop = ((IEnumerable<object>)trace.ColorScale).Cast<object[]>().Single(s => Math.Abs(Convert.ToDouble(s[0], System.Globalization.CultureInfo.InvariantCulture) - position) < 1e-9);
        return (string)stop[1];
    }
}
