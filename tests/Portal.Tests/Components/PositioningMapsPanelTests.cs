using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Components;
using Portal.Data;
using Portal.Features.Comments;
using Portal.Features.Competitors;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Components;

/// <summary>The positioning maps panel on its own, as the competitors page's "Maps" tab holds it, with the real service and database.</summary>
public sealed class PositioningMapsPanelTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private PositioningService Positioning => world.Services.GetRequiredService<PositioningService>();

    [Fact]
    public async Task A_brand_new_workspace_shows_the_empty_panel_and_the_form_for_a_first_map_without_an_error()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Owner, workspace.Id);

        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-no-maps]"), TimeSpan.FromSeconds(10));
        Assert.Equal("还没有定位图：选两条轴，新建第一张图。", panel.Find("[data-testid=positioning-no-maps]").TextContent);
        Assert.Equal("每个工作区最多 10 张图；每条轴从 0（低）到 10（高）。", panel.Find("[data-testid=positioning-limits]").TextContent);
        Assert.Equal(5, panel.FindAll("[data-testid=positioning-suggestion]").Count);
        Assert.Empty(panel.FindAll("[data-testid=positioning-chart]"));
    }

    [Fact]
    public async Task A_suggested_pair_fills_the_form_and_a_new_map_with_no_companies_says_where_to_add_them()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-no-maps]"), TimeSpan.FromSeconds(10));

        panel.Find($"button[data-testid=positioning-suggestion][data-code={PositioningAxisPairs.PriceQuality}]").Click();
        panel.Find("button[data-testid=positioning-create]").Click();

        panel.WaitForAssertion(() => Assert.Equal("Price vs model quality", panel.Find("[data-testid=positioning-map-name]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("x: Price; y: Model quality", panel.Find("[data-testid=positioning-axes]").TextContent);
        Assert.Contains("Companies tab", panel.Find("[data-testid=positioning-no-companies]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Place at least one competitor to see where the gap is.", panel.Find("[data-testid=positioning-no-gap]").TextContent);
        var stored = Assert.Single((await Positioning.GetBoardAsync(access.UserId, workspace.Id))!.Maps);
        Assert.Equal(("Price", "Model quality"), (stored.XAxis, stored.YAxis));
    }

    [Fact]
    public async Task A_map_with_placements_draws_each_company_labelled_the_own_one_apart_and_says_where_the_gap_is()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var (us, cheap, premium) = (await CompanyAsync(workspace.Id, "Us", true), await CompanyAsync(workspace.Id, "CheapBot"), await CompanyAsync(workspace.Id, "Premium AI"));
        var map = await Positioning.CreateMapAsync(owner, workspace.Id, new("Price vs quality", "Price", "Model quality"));
        // Competitors at (0, 0) and (10, 10): the gap is (0, 10), low price and high quality (worked in PositioningGapTests).
        await Positioning.PlaceAsync(owner, workspace.Id, map.Id, new(cheap, 0, 0), null);
        await Positioning.PlaceAsync(owner, workspace.Id, map.Id, new(premium, 10, 10), null);
        await Positioning.PlaceAsync(owner, workspace.Id, map.Id, new(us, 3, 6), null);
        await using var context = Host(out var access, Persona.Viewer, workspace.Id);

        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access).AddCascadingValue(new UiPreferences(DarkMode: true)));

        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-chart]"), TimeSpan.FromSeconds(10));
        Assert.Equal("Nobody is at low Price / high Model quality.", panel.Find("[data-testid=positioning-gap-text]").TextContent.Trim());
        Assert.Equal("The gap's centre is at (0, 10), 10.0 from the nearest competitor.", panel.Find("[data-testid=positioning-gap-detail]").TextContent);
        Assert.Equal("Our company is 5.0 from the gap's centre.", panel.Find("[data-testid=positioning-own-distance]").TextContent);
        var traces = panel.FindComponent<PositioningChart>().FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().ToList();
        Assert.Equal(["gap", "Competitors", "Our company"], traces.Select(t => t.Name));
        Assert.Equal(["CheapBot", "Premium AI"], traces[1].TextArray);
        Assert.Equal([0d, 10d], traces[1].X);
        Assert.Equal(["Us"], traces[2].TextArray);
        Assert.Equal(ChartTheme.Dark.Primary, traces[2].Marker.Color);
        Assert.NotEqual(traces[1].Marker.Symbol, traces[2].Marker.Symbol);
        var layout = panel.FindComponent<PositioningChart>().FindComponent<PlotlyChart>().Instance.Layout;
        Assert.Equal("Price →", layout.XAxis[0].Title.Text);
        Assert.Equal(ChartTheme.Dark.Text, layout.Font.Color);
        var circle = Assert.Single(layout.Shapes);
        Assert.Equal((-10d, 10d, 0d, 20d), ((double)circle.X0!, (double)circle.X1!, (double)circle.Y0!, (double)circle.Y1!));
        // A viewer reads the numbers and cannot change them.
        Assert.Empty(panel.FindAll("input, [data-testid=positioning-save], [data-testid=positioning-create], [data-testid=positioning-delete], [data-testid=positioning-rename]"));
        Assert.Equal(["3", "0", "10"], panel.FindAll("[data-testid=positioning-x-text]").Select(c => c.TextContent));
        Assert.Equal("false", panel.Find("[data-testid=positioning-chart]").GetAttribute("data-draggable"));
        var thread = panel.FindComponent<Stub<CommentThreadView>>();
        Assert.Equal(("positioning-map", map.Id.ToString()), (thread.Instance.Parameters.Get(t => t.TargetType), thread.Instance.Parameters.Get(t => t.TargetId)));
    }

    [Fact]
    public async Task A_placement_moved_by_someone_else_shows_theirs_keeps_the_typed_numbers_and_the_next_save_uses_them()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var rival = await CompanyAsync(workspace.Id, "Rival");
        var map = await Positioning.CreateMapAsync(owner, workspace.Id, new("Price vs quality", "Price", "Model quality"));
        var placed = await Positioning.PlaceAsync(owner, workspace.Id, map.Id, new(rival, 2, 2), null);
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-chart]"), TimeSpan.FromSeconds(10));

        panel.Find("[data-testid=positioning-x] input, input[data-testid=positioning-x]").Input("4");
        await Positioning.PlaceAsync(owner, workspace.Id, map.Id, new(rival, 9, 9), placed.PlacementOf(rival)!.Version);
        panel.WaitForAssertion(() => Assert.Equal([9d], panel.FindComponent<PositioningChart>().FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().First(t => t.Name == "Competitors").X), TimeSpan.FromSeconds(10));
        panel.Find("button[data-testid=positioning-save]").Click();

        panel.WaitForAssertion(() => Assert.Equal("Someone just moved Rival to (9, 9): the map shows theirs. Your numbers are kept; save again to use yours.", panel.Find("[data-testid=positioning-conflict]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("4", panel.Find("[data-testid=positioning-x] input, input[data-testid=positioning-x]").GetAttribute("value"));
        Assert.Equal("2", panel.Find("[data-testid=positioning-y] input, input[data-testid=positioning-y]").GetAttribute("value"));

        panel.Find("button[data-testid=positioning-save]").Click();
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=positioning-conflict]")), TimeSpan.FromSeconds(10));
        var stored = (await Positioning.GetBoardAsync(owner, workspace.Id))!.Maps[0].PlacementOf(rival)!;
        Assert.Equal((4d, 2d), (stored.X, stored.Y));
    }

    [Fact]
    public async Task A_value_off_the_axis_is_refused_with_the_range_and_the_typed_value_stays()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var rival = await CompanyAsync(workspace.Id, "Rival");
        await Positioning.CreateMapAsync(owner, workspace.Id, new("价格与质量", "价格", "模型质量"));
        await using var context = Host(out var access, Persona.Owner, workspace.Id);
        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-chart]"), TimeSpan.FromSeconds(10));

        panel.Find("[data-testid=positioning-x] input, input[data-testid=positioning-x]").Input("12");
        panel.Find("[data-testid=positioning-y] input, input[data-testid=positioning-y]").Input("5");
        panel.Find("button[data-testid=positioning-save]").Click();

        panel.WaitForAssertion(() => Assert.Equal("数值要在 0 到 10 之间。", panel.Find("[data-testid=positioning-row-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("12", panel.Find("[data-testid=positioning-x] input, input[data-testid=positioning-x]").GetAttribute("value"));
        Assert.Empty((await Positioning.GetBoardAsync(owner, workspace.Id))!.Maps[0].Placements);
    }

    [Fact]
    public async Task A_point_dropped_on_the_chart_is_saved_where_it_was_dropped_and_the_table_shows_it()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var rival = await CompanyAsync(workspace.Id, "Rival");
        var map = await Positioning.CreateMapAsync(owner, workspace.Id, new("Price vs quality", "Price", "Model quality"));
        await Positioning.PlaceAsync(owner, workspace.Id, map.Id, new(rival, 2, 2), null);
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-chart]"), TimeSpan.FromSeconds(10));
        Assert.Equal("true", panel.Find("[data-testid=positioning-chart]").GetAttribute("data-draggable"));

        // What the chart's script calls when the point is let go.
        var chart = panel.FindComponent<PositioningChart>();
        await panel.InvokeAsync(() => chart.Instance.MovedAsync(rival.ToString(), 6.2, 3.1));

        var stored = (await Positioning.GetBoardAsync(owner, workspace.Id))!.Maps[0].PlacementOf(rival)!;
        Assert.Equal((6.2, 3.1), (stored.X, stored.Y));
        panel.WaitForAssertion(() => Assert.Equal("6.2", panel.Find("[data-testid=positioning-x] input, input[data-testid=positioning-x]").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Equal([6.2], panel.FindComponent<PositioningChart>().FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().First(t => t.Name == "Competitors").X);
    }

    [Fact]
    public async Task A_company_added_on_the_companies_tab_arrives_as_a_row_to_place()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        await Positioning.CreateMapAsync(owner, workspace.Id, new("Price vs quality", "Price", "Model quality"));
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<PositioningMapsPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=positioning-no-companies]"), TimeSpan.FromSeconds(10));

        var rival = await CompanyAsync(workspace.Id, "Rival");
        await world.Services.GetRequiredService<IWorkspaceEvents>().PublishAsync(new WorkspaceChange(workspace.Id, CompetitorTopics.Companies, rival.ToString(), owner, DateTimeOffset.UtcNow));

        panel.WaitForAssertion(() => Assert.Equal(rival.ToString(), panel.Find("[data-testid=positioning-row]").GetAttribute("data-company-id")), TimeSpan.FromSeconds(10));
        Assert.Equal("false", panel.Find("[data-testid=positioning-row]").GetAttribute("data-placed"));
        Assert.Empty(panel.FindAll("[data-testid=positioning-no-companies]"));
    }

    private async Task<Guid> CompanyAsync(Guid workspaceId, string name, bool own = false)
    {
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var company = new Competitor { WorkspaceId = workspaceId, Name = name, IsOwnCompany = own, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.Add(company);
        await db.SaveChangesAsync();
        return company.Id;
    }

    private BunitContext Host(out WorkspaceAccess access, Persona persona, Guid workspaceId)
    {
        access = world.Workspaces.GetAccessAsync(world.Id(persona), workspaceId).GetAwaiter().GetResult()!;
        var context = PortalComponentTestContext.Create(out _, services => services
            .AddSingleton(Positioning)
            .AddSingleton(world.Services.GetRequiredService<IWorkspaceEvents>()));
        // The thread is the comments' own component, tested there; here only that each map has one.
        context.ComponentFactories.AddStub<CommentThreadView>();
        return context;
    }
}
