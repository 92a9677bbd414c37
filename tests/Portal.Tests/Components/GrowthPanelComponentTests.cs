using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Components;
using Portal.Features.Comments;
using Portal.Features.Market;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Market;
using Portal.Tests.Workspaces;
using Persona = Portal.Tests.Workspaces.Persona;

namespace Portal.Tests.Components;

/// <summary>
/// The growth funnel and unit economics panels on their own, as the market page's tabs hold them, with the real service
/// and database: the test is their host.
/// </summary>
public sealed class GrowthPanelComponentTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private GrowthService Growth => world.Services.GetRequiredService<GrowthService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task An_editor_enters_five_numbers_and_sees_each_conversion_the_weakest_step_named_and_highlighted_and_saves()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<GrowthFunnelPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=funnel-empty]"), TimeSpan.FromSeconds(10));

        long[] numbers = [1000, 400, 200, 50, 20];
        foreach (var (stage, number) in FunnelMath.Stages.Zip(numbers))
        {
            Count(panel, stage).Input(number.ToString(CultureInfo.InvariantCulture));
        }

        // 40%, 50%, 25%, 40%: retention → revenue is the weakest step.
        panel.WaitForAssertion(() => Assert.Equal(["40%", "50%", "25%", "40%"], panel.FindAll("[data-testid=funnel-conversion]").Select(c => c.TextContent)));
        Assert.Equal("Weakest step: Retention → Revenue, converting 25%.", panel.Find("[data-testid=funnel-weakest]").TextContent.Trim());
        Assert.Equal(["false", "false", "true", "false"], panel.FindAll("[data-testid=funnel-step]").Select(s => s.GetAttribute("data-weakest")));
        Assert.Contains("lowest conversion", panel.Find("[data-testid=funnel-rule]").TextContent, StringComparison.Ordinal);
        var funnel = Assert.IsType<Funnel>(Assert.Single(panel.FindComponent<FunnelChart>().FindComponent<PlotlyChart>().Instance.Data));
        Assert.Equal(["Acquisition", "Activation", "Retention", "Revenue", "Referral"], funnel.Y);
        Assert.Equal(numbers.Select(n => (object)(double)n), funnel.X);
        var colours = funnel.Marker.ColorArray.Cast<string>().ToList();
        Assert.Equal([ChartTheme.Light.Primary, ChartTheme.Light.Primary, ChartTheme.Light.Series[1], ChartTheme.Light.Series[1], ChartTheme.Light.Primary], colours);
        Assert.Empty(panel.FindAll("[data-testid=funnel-grows]"));

        panel.Find("button[data-testid=funnel-save]").Click();
        await WaitAsync(async () => (await Growth.GetFunnelAsync(Owner, workspace.Id))!.Stages.Select(s => s.Value).SequenceEqual([1000, 400, 200, 50, 20]));
    }

    [Fact]
    public async Task A_new_workspace_s_funnel_and_economics_render_empty_without_error_in_chinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Owner, workspace.Id);

        var funnel = context.Render<GrowthFunnelPanel>(parameters => parameters.Add(p => p.Access, access));
        var economics = context.Render<UnitEconomicsPanel>(parameters => parameters.Add(p => p.Access, access));

        funnel.WaitForAssertion(() => Assert.Equal("还没有填写任何阶段。", funnel.Find("[data-testid=funnel-empty]").TextContent), TimeSpan.FromSeconds(10));
        Assert.StartsWith("至少填写两个相邻阶段", funnel.Find("[data-testid=funnel-weakest]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["获客", "激活", "留存", "付费", "推荐"], funnel.FindAll("[data-testid=funnel-stage] h3").Select(h => h.TextContent));
        economics.WaitForAssertion(() => economics.Find("[data-testid=economics-incomplete]"), TimeSpan.FromSeconds(10));
        Assert.Empty(economics.FindAll("[data-testid=economics-chart]"));
    }

    [Fact]
    public async Task A_larger_later_stage_is_warned_about_and_a_refused_save_keeps_the_numbers_and_shows_the_stored_ones()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<GrowthFunnelPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=funnel-empty]"), TimeSpan.FromSeconds(10));

        Count(panel, FunnelStageKind.Acquisition).Input("100");
        Count(panel, FunnelStageKind.Activation).Input("150");
        panel.WaitForAssertion(() => Assert.Contains("“Activation” (150) is larger than “Acquisition” (100)", panel.Find("[data-testid=funnel-grows]").TextContent, StringComparison.Ordinal));

        // A teammate saves first; the page keeps the user's numbers (it has changes) and the save is refused.
        var read = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;
        await Growth.SaveFunnelAsync(Owner, workspace.Id, GrowthSamples.Numbers(read, 5000, 900));
        panel.Find("button[data-testid=funnel-save]").Click();
        panel.WaitForAssertion(() => Assert.Contains("Acquisition 5,000 · Activation 900", panel.Find("[data-testid=funnel-conflict]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("150", Count(panel, FunnelStageKind.Activation).GetAttribute("value"));

        panel.Find("button[data-testid=funnel-save]").Click();
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=funnel-conflict]")), TimeSpan.FromSeconds(10));
        Assert.Equal([100, 150, null, null, null], (await Growth.GetFunnelAsync(Owner, workspace.Id))!.Stages.Select(s => s.Value));
    }

    [Fact]
    public async Task A_viewer_reads_the_funnel_without_a_field_and_sees_a_teammate_s_save_arrive()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Viewer, workspace.Id);
        var panel = context.Render<GrowthFunnelPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=funnel-read-only]"), TimeSpan.FromSeconds(10));
        Assert.Empty(panel.FindAll("input, [data-testid=funnel-save]"));

        await Growth.SaveFunnelAsync(Owner, workspace.Id, GrowthSamples.Numbers((await Growth.GetFunnelAsync(Owner, workspace.Id))!, 1000, 500, 250, 125, 100));

        // 50%, 50%, 50%, 80%: the earliest of the equal steps is the weakest.
        panel.WaitForAssertion(() => Assert.Equal(["1,000", "500", "250", "125", "100"], panel.FindAll("[data-testid=funnel-value]").Select(v => v.TextContent)), TimeSpan.FromSeconds(10));
        Assert.Equal("Acquisition", panel.Find("[data-testid=funnel-weakest]").GetAttribute("data-weakest-from"));
    }

    [Fact]
    public async Task The_economics_show_every_formula_with_its_numbers_and_warn_of_a_low_ltv_to_cac_and_a_long_payback()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await Growth.SaveEconomicsAsync(Owner, workspace.Id, new UnitEconomicsInput(50, 80, 2.5m, null, 0, 5, 900), Guid.Empty);
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<UnitEconomicsPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => panel.Find("[data-testid=economics-results]"), TimeSpan.FromSeconds(10));
        Assert.Equal("Monthly gross profit = price × gross margin − inference cost = $50.00 × 80% − $2.50 = $37.50", panel.Find("[data-testid=economics-formula-gross-profit]").TextContent.Trim());
        Assert.Equal("LTV = monthly gross profit ÷ monthly churn = $37.50 ÷ 5% = $750.00", panel.Find("[data-testid=economics-formula-ltv]").TextContent.Trim());
        Assert.Equal("LTV/CAC = $750.00 ÷ $900.00 = 0.83", panel.Find("[data-testid=economics-formula-ltv-cac]").TextContent.Trim());
        Assert.Equal("Payback months = CAC ÷ monthly gross profit = $900.00 ÷ $37.50 = 24 months", panel.Find("[data-testid=economics-formula-payback]").TextContent.Trim());
        panel.Find("[data-testid=economics-warning-ltv-cac]");
        panel.Find("[data-testid=economics-warning-payback]");
        Assert.Empty(panel.FindAll("[data-testid=economics-warning-gross-profit], [data-testid=economics-healthy]"));
        Assert.Single(panel.FindAll("[data-testid=economics-chart]"));

        // A CAC of $150: LTV/CAC 5 and payback in 4 months, no warning left.
        panel.Find("input[data-testid=economics-cac], [data-testid=economics-cac] input").Input("150");
        panel.WaitForAssertion(() => panel.Find("[data-testid=economics-healthy]"));
        Assert.Empty(panel.FindAll("[data-testid=economics-warning-ltv-cac], [data-testid=economics-warning-payback]"));
        Assert.Equal("4 months", panel.Find("[data-testid=economics-payback]").TextContent);
    }

    [Fact]
    public async Task Entering_a_price_below_the_inference_cost_warns_that_a_customer_brings_no_gross_profit()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Owner, workspace.Id);
        var panel = context.Render<UnitEconomicsPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=economics-incomplete]"), TimeSpan.FromSeconds(10));

        Field(panel, "economics-price").Input("10");
        Field(panel, "economics-margin").Input("20");
        Field(panel, "economics-inference").Input("2.5");
        Field(panel, "economics-churn").Input("10");

        panel.WaitForAssertion(() => panel.Find("[data-testid=economics-warning-gross-profit]"));
        Assert.Equal("-$0.50", panel.Find("[data-testid=economics-gross-profit]").TextContent);
        Assert.Contains("win nobody", panel.Find("[data-testid=economics-formula-cac]").TextContent, StringComparison.Ordinal);

        panel.Find("button[data-testid=economics-save]").Click();
        await WaitAsync(async () => (await Growth.GetEconomicsAsync(Owner, workspace.Id))!.Saved is { MonthlyPrice: 10, InferenceCostPerCustomer: 2.5m });
    }

    [Fact]
    public async Task A_retention_cohort_set_s_churn_is_offered_and_one_click_puts_it_in_the_churn_field_unsaved()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await world.Services.GetRequiredService<RetentionService>().ImportAsync(Owner, workspace.Id, "Pilot", "cohort,size,m0,m1,m2\n2026-01,100,100,81,64\n");
        await using var context = Host(out var access, Persona.Owner, workspace.Id);
        var panel = context.Render<UnitEconomicsPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => Assert.Contains("20%", panel.Find("[data-testid=economics-retention-churn]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("Pilot", panel.Find("[data-testid=economics-retention-churn]").TextContent, StringComparison.Ordinal);
        panel.Find("[data-testid=economics-retention-churn]").Click();

        panel.WaitForAssertion(() => Assert.Equal("20", Field(panel, "economics-churn").GetAttribute("value")));
        Assert.Null((await Growth.GetEconomicsAsync(Owner, workspace.Id))!.Saved);
    }

    private static IElement Count(IRenderedComponent<GrowthFunnelPanel> panel, FunnelStageKind stage) =>
        panel.Find($"input[data-testid=funnel-count-{stage}], [data-testid=funnel-count-{stage}] input");

    private static IElement Field(IRenderedComponent<UnitEconomicsPanel> panel, string testId) =>
        panel.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The save did not arrive.");
            await Task.Delay(50);
        }
    }

    private BunitContext Host(out WorkspaceAccess access, Persona persona, Guid workspaceId)
    {
        access = world.Workspaces.GetAccessAsync(world.Id(persona), workspaceId).GetAwaiter().GetResult()!;
        var context = PortalComponentTestContext.Create(out _, services => services
            .AddSingleton(Growth)
            .AddSingleton(world.Services.GetRequiredService<CommentService>())
            .AddSingleton(world.Services.GetRequiredService<IWorkspaceEvents>()));
        // The comment thread beside each panel asks the browser for a kept draft: there is none.
        context.JSInterop.Setup<Portal.Infrastructure.Draft[]>("portalDrafts.list", _ => true).SetResult([]);
        return context;
    }
}
