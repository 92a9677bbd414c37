using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Components;
using Portal.Features.Market;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;
using Persona = Portal.Tests.Workspaces.Persona;

namespace Portal.Tests.Components;

/// <summary>
/// The retention panel on its own, as the market page's retention tab holds it, with the real service and database:
/// the test is its host.
/// </summary>
public sealed class RetentionPanelTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    // 2026-01: 100 → 60 → 45;  2026-02: 300 → 210;  line 3 has more active users than signed up.
    private const string Pasted = "cohort,size,m0,m1,m2\n2026-02,300,300,210\n2026-03,50,50,60\n2026-01,100,100,60,45\n";

    private RetentionService Retention => world.Services.GetRequiredService<RetentionService>();

    [Fact]
    public async Task A_new_workspace_shows_the_empty_list_the_two_shapes_with_examples_and_no_heat_map()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Owner, workspace.Id);

        var panel = context.Render<RetentionPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => Assert.Equal("还没有队列组。", panel.Find("[data-testid=retention-none]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=retention-heatmap], [data-testid=retention-chart]"));
        Assert.StartsWith("cohort,size,m0,m1,m2", panel.Find("[data-testid=retention-example-wide]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("cohort,month,active", panel.Find("[data-testid=retention-example-long]").TextContent, StringComparison.Ordinal);
        Assert.Contains("队列组（0/10）", panel.Find("[data-testid=retention-list]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_pastes_a_csv_and_sees_the_bad_row_by_line_the_heat_map_the_churn_and_the_curves()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<RetentionPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=retention-none]"));

        panel.Find("input[data-testid=retention-name], [data-testid=retention-name] input").Input("Spring");
        panel.Find("textarea[data-testid=retention-paste], [data-testid=retention-paste] textarea").Input(Pasted);
        panel.Find("button[data-testid=retention-import-paste]").Click();

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=retention-heatmap]")), TimeSpan.FromSeconds(10));
        var bad = Assert.Single(panel.FindAll("[data-testid=retention-bad-row]"));
        Assert.Equal("3", bad.GetAttribute("data-line"));
        Assert.Equal("Line 3: “m1” has 60 active users, more than the cohort's 50", bad.TextContent);
        Assert.Equal("Imported “Spring”: 2 cohorts.", panel.Find("[data-testid=retention-report-summary]").TextContent.Trim());

        // Sorted by cohort; each cell its percentage, a younger cohort's row empty past its last month.
        Assert.Equal(["2026-01", "2026-02"], panel.FindAll("[data-testid=retention-row]").Select(r => r.GetAttribute("data-cohort")));
        Assert.Equal(["100%", "60%", "45%"], panel.FindAll("[data-testid=retention-row]")[0].QuerySelectorAll("[data-testid=retention-cell]").Select(c => c.TextContent));
        Assert.Equal(["100%", "70%"], panel.FindAll("[data-testid=retention-row]")[1].QuerySelectorAll("[data-testid=retention-cell]").Select(c => c.TextContent));
        // Weighted: (60 + 210) / 400 = 67.5 %, shown whole in the cell and exactly in its title.
        var averages = panel.FindAll("[data-testid=retention-average]");
        Assert.Equal(["100%", "68%", "45%"], averages.Select(c => c.TextContent));
        Assert.Equal("month 1: weighted over 2 cohorts, 400 users", averages[1].GetAttribute("title"));
        Assert.Contains($"background-color: {RetentionColours.Fill(60)}", panel.FindAll("[data-testid=retention-cell]")[1].GetAttribute("style"), StringComparison.Ordinal);

        // churn = 1 − (45 / 100)^(1/2) = 32.9 %.
        Assert.Equal("Average monthly churn implied: 32.9%", panel.Find("[data-testid=retention-churn-value]").TextContent);
        Assert.StartsWith("churn = 1 − (R(2) ÷ R(0))^(1/2) = 1 − (45.0% ÷ 100.0%)^(1/2)", panel.Find("[data-testid=retention-churn-formula]").TextContent.Trim(), StringComparison.Ordinal);

        // Each cohort faint, the average bold and last.
        var traces = panel.FindComponent<RetentionChart>().FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().ToList();
        Assert.Equal(["2026-01", "2026-02", "Average (weighted)"], traces.Select(t => t.Name));
        Assert.Equal([100.0, 67.5, 45.0], traces[2].Y.Cast<double>());
        Assert.True(traces[2].Line.Width > traces[0].Line.Width);
        Assert.Equal([false, false], traces.Take(2).Select(t => t.ShowLegend));

        var box = panel.Find("textarea[data-testid=retention-paste], [data-testid=retention-paste] textarea");
        Assert.Equal("", box.GetAttribute("value") ?? box.TextContent);
    }

    [Fact]
    public async Task A_refused_paste_keeps_the_text_and_says_why()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Owner, workspace.Id);
        var panel = context.Render<RetentionPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=retention-none]"));

        panel.Find("input[data-testid=retention-name], [data-testid=retention-name] input").Input("坏的");
        panel.Find("textarea[data-testid=retention-paste], [data-testid=retention-paste] textarea").Input("cohort,size,m0\n2026-01,十,10\n");
        panel.Find("button[data-testid=retention-import-paste]").Click();

        panel.WaitForAssertion(() => Assert.Equal("没有一个队列可以导入，未保存。", panel.Find("[data-testid=retention-report-summary]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("第 2 行：“size”是“十”，不是整数", panel.Find("[data-testid=retention-bad-row]").TextContent);
        var box = panel.Find("textarea[data-testid=retention-paste], [data-testid=retention-paste] textarea");
        Assert.Equal("cohort,size,m0\n2026-01,十,10\n", box.GetAttribute("value") ?? box.TextContent);
        Assert.Empty(panel.FindAll("[data-testid=retention-list-item]"));
    }

    [Fact]
    public async Task A_viewer_reads_the_heat_map_without_a_single_edit_control_and_sees_a_teammate_s_import_and_delete_arrive()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var first = (await Retention.ImportAsync(owner, workspace.Id, "Spring", Pasted)).Set!;
        await using var context = Host(out var access, Persona.Viewer, workspace.Id);
        var panel = context.Render<RetentionPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=retention-row]").Count), TimeSpan.FromSeconds(10));
        Assert.Empty(panel.FindAll("input, textarea, [data-testid=retention-import], [data-testid=retention-rename], [data-testid=retention-delete]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=retention-read-only]"));

        await Retention.ImportAsync(owner, workspace.Id, "Summer", "cohort,size,m0\n2026-06,10,10\n");
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=retention-list-item]").Count), TimeSpan.FromSeconds(10));
        await Retention.DeleteAsync(owner, workspace.Id, first.Id, first.Version);
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=retention-gone]")), TimeSpan.FromSeconds(10));
        panel.WaitForAssertion(() => Assert.Equal("Summer", Assert.Single(panel.FindAll("[data-testid=retention-list-item] .retention-list-name")).TextContent));
    }

    [Fact]
    public async Task A_delete_made_stale_by_a_teammate_s_rename_is_refused_showing_the_new_name_and_a_second_click_deletes()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var set = (await Retention.ImportAsync(owner, workspace.Id, "Spring", Pasted)).Set!;
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<RetentionPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => Assert.Equal("Spring", panel.Find("[data-testid=retention-title]").TextContent), TimeSpan.FromSeconds(10));
        // The editor's own name box is touched, so the rename arriving live does not move the version the page holds.
        panel.Find("input[data-testid=retention-rename-name], [data-testid=retention-rename-name] input").Input("Spring, mine");

        await Retention.RenameAsync(owner, workspace.Id, set.Id, "Spring, by Ada", set.Version);
        panel.WaitForAssertion(() => Assert.Equal("Spring, by Ada", panel.Find("[data-testid=retention-title]").TextContent), TimeSpan.FromSeconds(10));
        panel.Find("button[data-testid=retention-delete]").Click();

        panel.WaitForAssertion(() => Assert.Contains("“Spring, by Ada”, so it was not deleted", panel.Find("[data-testid=retention-conflict]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.NotNull(await Retention.GetAsync(owner, workspace.Id, set.Id));

        panel.Find("button[data-testid=retention-delete]").Click();
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=retention-none]")), TimeSpan.FromSeconds(10));
        Assert.Null(await Retention.GetAsync(owner, workspace.Id, set.Id));
    }

    [Fact]
    public async Task In_a_tab_that_is_not_showing_the_heat_map_is_there_and_the_chart_waits_until_the_tab_opens()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await Retention.ImportAsync(world.Id(Persona.Owner)!, workspace.Id, "Spring", Pasted);
        await using var context = Host(out var access, Persona.Owner, workspace.Id);
        var panel = context.Render<RetentionPanel>(parameters => parameters.Add(p => p.Access, access).Add(p => p.Active, false));

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=retention-row]").Count), TimeSpan.FromSeconds(10));
        Assert.Empty(panel.FindAll("[data-testid=retention-chart]"));

        panel.Render(parameters => parameters.Add(p => p.Active, true));
        Assert.Single(panel.FindAll("[data-testid=retention-chart]"));
    }

    [Fact]
    public async Task In_the_dark_theme_the_curves_take_the_dark_palette()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var analysis = RetentionAnalysis.Of([new RetentionCohort("2026-01", 10, [10, 5])]);

        var chart = context.Render<RetentionChart>(parameters => parameters.Add(p => p.Analysis, analysis).AddCascadingValue(new UiPreferences(DarkMode: true)));

        var plot = chart.FindComponent<PlotlyChart>().Instance;
        Assert.Equal(ChartTheme.Dark.Text, plot.Layout.Font.Color);
        Assert.Equal(ChartTheme.Dark.Primary, plot.Data.Cast<Scatter>().Last().Line.Color);
    }

    private BunitContext Host(out WorkspaceAccess access, Persona persona, Guid workspaceId)
    {
        access = world.Workspaces.GetAccessAsync(world.Id(persona), workspaceId).GetAwaiter().GetResult()!;
        return PortalComponentTestContext.Create(out _, services => services
            .AddSingleton(Retention)
            .AddSingleton(world.Services.GetRequiredService<IWorkspaceEvents>()));
    }
}
