using System.Globalization;
using Bunit;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Components;
using Portal.Features.Roadmap;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Roadmap;

public sealed class RoadmapGanttTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static readonly GanttMilestone Pilot = new(Guid.NewGuid(), "Pilot", new DateOnly(2026, 12, 20), Reached: false);
    private static readonly GanttMilestone Demo = new(Guid.NewGuid(), "Demo day", new DateOnly(2026, 12, 1), Reached: true);

    private static readonly GanttTask[] Tasks =
    [
        new(Guid.NewGuid(), "Train", RoadmapTaskStatus.Doing, new DateOnly(2026, 12, 2), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 10)),
        new(Guid.NewGuid(), "Label", RoadmapTaskStatus.Done, null, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 30)),
        new(Guid.NewGuid(), "Licence", RoadmapTaskStatus.Blocked, new DateOnly(2026, 12, 15), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 12)),
        new(Guid.NewGuid(), "Someday", RoadmapTaskStatus.ToDo, null, new DateOnly(2026, 11, 1), null),
        new(Guid.NewGuid(), "Also someday", RoadmapTaskStatus.Doing, new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 1), null),
    ];

    [Fact]
    public async Task Tasks_are_bars_by_column_from_start_to_due_milestones_are_diamonds_and_today_is_a_line()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);

        var gantt = context.Render<RoadmapGantt>(p => p.Add(c => c.Milestones, [Pilot, Demo]).Add(c => c.Tasks, Tasks).Add(c => c.Today, Today));

        var chart = gantt.FindComponent<PlotlyChart>().Instance;
        var bars = chart.Data.OfType<Bar>().ToList();
        // Rows: the milestones by date (0, 1), then the tasks by start: Label from its creation, Train, Licence on its due day.
        Assert.Equal(["Doing", "Blocked", "Done"], bars.Select(b => b.Name));
        Assert.Equal(
            [("Doing", 3, "2026-12-02", 9), ("Blocked", 4, "2026-12-12", 1), ("Done", 2, "2026-11-20", 11)],
            bars.SelectMany(b => b.Y.Select((row, i) => (b.Name, (int)row, (string)b.BaseArray[i], (int)((double)b.X[i] / 86_400_000)))));
        // Every bar one row thick, whatever the gaps between its column's rows.
        Assert.All(bars, b => Assert.Equal(0.6m, b.Width));
        var diamonds = chart.Data.OfType<Scatter>().Single(s => s.Name == "Milestones");
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Diamond, diamonds.Marker.Symbol);
        Assert.Equal([("2026-12-01", 0), ("2026-12-20", 1)], diamonds.X.Zip(diamonds.Y, (x, y) => ((string)x, (int)y)));
        // Today's line runs across every row: from above the first to below the last (the axis is reversed).
        var today = chart.Data.OfType<Scatter>().Single(s => s.Name == "Today");
        Assert.Equal([("2026-12-07", -0.5), ("2026-12-07", 4.5)], today.X.Zip(today.Y, (x, y) => ((string)x, (double)y)));
        Assert.Equal("dash", today.Line.Dash);
        Assert.Equal(["◆ Demo day", "◆ Pilot", "Label", "Train", "Licence"], chart.Layout.YAxis[0].TickText.Cast<string>());
        Assert.Equal("2 tasks have no due date and are not on the timeline.", gantt.Find("[data-testid=roadmap-gantt-undated]").TextContent);
    }

    [Fact]
    public async Task In_the_dark_theme_the_bars_take_the_dark_series_and_the_labels_are_light()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);

        var gantt = context.Render<RoadmapGantt>(p => p.Add(c => c.Milestones, [Pilot]).Add(c => c.Tasks, Tasks).Add(c => c.Today, Today)
            .AddCascadingValue(new UiPreferences(DarkMode: true)));

        var chart = gantt.FindComponent<PlotlyChart>().Instance;
        Assert.Equal(ChartTheme.Dark.Series[0], chart.Data.OfType<Bar>().Single(b => b.Name == "Doing").Marker.Color);
        Assert.Equal(ChartTheme.Dark.Text, chart.Layout.Font.Color);
        Assert.Equal(ChartTheme.Dark.Text, chart.Data.OfType<Scatter>().Single(s => s.Name == "Today").Line.Color);
        Assert.Equal(ChartTheme.Dark.Series[1], chart.Data.OfType<Scatter>().Single(s => s.Name == "Milestones").Marker.Color);
    }

    [Fact]
    public async Task With_nothing_dated_the_chart_is_replaced_by_a_sentence()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);

        var gantt = context.Render<RoadmapGantt>(p => p.Add(c => c.Milestones, []).Add(c => c.Tasks, [Tasks[3]]).Add(c => c.Today, Today));

        Assert.Empty(gantt.FindComponents<PlotlyChart>());
        Assert.NotEmpty(gantt.Find("[data-testid=roadmap-gantt-empty]").TextContent);
        Assert.Equal(1, gantt.Instance.Data.WithoutDueDate);
    }
}
