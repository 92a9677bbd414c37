using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Canvas;
using Portal.Features.Competitors;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Components;

/// <summary>The competitors page with the real services and database: the test is its browser.</summary>
public sealed class CompetitorPageComponentTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private CompetitorService Competitors => world.Services.GetRequiredService<CompetitorService>();

    [Theory]
    [InlineData("en", "No companies yet.")]
    [InlineData("zh-CN", "还没有公司。")]
    public async Task A_brand_new_workspace_opens_on_its_four_tabs_with_nothing_in_them_and_no_error(string culture, string none)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(Persona.Owner);

        var page = context.Render<CompetitorsPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));

        page.WaitForAssertion(() => Assert.StartsWith(none, page.Find("[data-testid=company-none]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal(4, page.FindAll("[data-testid=competitor-tabs] .mud-tab").Count);
        // The matrix's and the maps' panels get the page's access, whoever builds them.
        Assert.Equal(workspace.Id, page.FindComponent<Stub<ComparisonMatrixPanel>>().Instance.Parameters.Get(p => p.Access).WorkspaceId);
        Assert.Equal(workspace.Id, page.FindComponent<Stub<PositioningMapsPanel>>().Instance.Parameters.Get(p => p.Access).WorkspaceId);
        Assert.Single(page.FindAll("[data-testid=company-new-own]"));
        Assert.Single(page.FindAll("[data-testid=strategy-no-value-propositions]"));
        Assert.Equal(3, page.FindAll("[data-testid=strategy-kinds] li").Count);
        Assert.Empty(page.FindAll("[data-testid=competitor-read-only]"));
    }

    [Fact]
    public async Task Add_our_company_is_prefilled_with_the_workspace_s_name_and_then_no_longer_offered()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(Persona.Editor);
        var page = context.Render<CompetitorsPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=company-new-own]"), TimeSpan.FromSeconds(10));

        page.Find("button[data-testid=company-new-own]").Click();
        Assert.Equal(workspace.Name, Field(page, "company-name").GetAttribute("value"));
        page.Find("button[data-testid=company-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("true", Assert.Single(page.FindAll("[data-testid=company-item]")).GetAttribute("data-own")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=company-new-own]"));
        Assert.True(Assert.Single((await Competitors.ListAsync(world.Id(Persona.Owner), workspace.Id))!).IsOwnCompany);
    }

    [Fact]
    public async Task A_save_made_stale_by_a_teammate_keeps_the_user_s_text_shows_theirs_and_a_second_save_applies_the_user_s()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var company = await Competitors.CreateAsync(owner, workspace.Id, CompanyInput.Blank("Weavr") with { Pricing = "US$400 a year" });
        await using var context = Host(Persona.Editor);
        var page = context.Render<CompetitorsPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=company-item]"), TimeSpan.FromSeconds(10));
        page.Find("button[data-testid=company-item]").Click();

        Field(page, "company-pricing").Input("US$350 a year, by Bo");
        await Competitors.UpdateAsync(owner, workspace.Id, company.Id, company.ToInput() with { Pricing = "US$500 a year, by Ada" }, company.Version);
        page.WaitForAssertion(() => Assert.Contains("US$500 a year, by Ada", page.Find("[data-testid=company-form] [data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("US$350 a year, by Bo", Field(page, "company-pricing").GetAttribute("value"));

        // Saving on the old version is refused: the form says so and still holds Bo's text.
        page.Find("button[data-testid=company-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("US$500 a year, by Ada", page.Find("[data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("US$350 a year, by Bo", Field(page, "company-pricing").GetAttribute("value"));
        Assert.Equal("US$500 a year, by Ada", Assert.Single((await Competitors.ListAsync(owner, workspace.Id))!).Pricing);

        page.Find("button[data-testid=conflict-apply-mine]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=conflict]")), TimeSpan.FromSeconds(10));
        Assert.Equal("US$350 a year, by Bo", Assert.Single((await Competitors.ListAsync(owner, workspace.Id))!).Pricing);
    }

    [Fact]
    public async Task A_refused_strategy_names_the_missing_statement_and_one_saved_meanwhile_stands_beside_the_user_s()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var note = await world.Services.GetRequiredService<CanvasService>().AddNoteAsync(owner, workspace.Id, CanvasBlock.ValuePropositions, "Stops found in a minute", NoteColour.Yellow);
        await using var context = Host(Persona.Editor);
        var page = context.Render<CompetitorsPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=strategy-value-proposition]"), TimeSpan.FromSeconds(10));

        // Saving without a statement is refused beside it; the ticked value proposition stays ticked.
        page.Find("input[data-testid=strategy-value-proposition], [data-testid=strategy-value-proposition] input").Change(true);
        page.Find("button[data-testid=strategy-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("Required", page.Find("[data-testid=strategy-panel]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Field(page, "strategy-statement").Input("Alerts that small mills can afford");

        await Competitors.SaveStrategyAsync(owner, workspace.Id, new StrategyInput(CompetitiveStrategyKind.CostLeadership, "", "Cheapest alerts, by Ada", [note.Id]), Guid.Empty);
        page.WaitForAssertion(() => Assert.Contains("Cheapest alerts, by Ada", page.Find("[data-testid=strategy-panel] [data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var statement = Field(page, "strategy-statement");
        Assert.Equal("Alerts that small mills can afford", statement.GetAttribute("value") ?? statement.TextContent);
    }

    [Fact]
    public async Task A_viewer_reads_the_companies_and_the_strategy_without_a_single_edit_control()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        await Competitors.CreateAsync(owner, workspace.Id, CompanyInput.Blank("Weavr") with
        {
            Website = "https://weavr.example",
            Sources = [new SourceInput(CompetitorFact.Pricing, "https://weavr.example/pricing", new DateOnly(2026, 11, 2))],
        });
        await Competitors.SaveStrategyAsync(owner, workspace.Id, StrategyInput.Blank with { Statement = "Alerts first" }, Guid.Empty);
        await using var context = Host(Persona.Viewer);
        var page = context.Render<CompetitorsPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=company-item]"), TimeSpan.FromSeconds(10));

        page.Find("button[data-testid=company-item]").Click();

        Assert.Single(page.FindAll("[data-testid=competitor-read-only]"));
        Assert.Empty(page.FindAll("input, textarea, [data-testid=company-new], [data-testid=company-new-own], [data-testid=company-save], [data-testid=strategy-save], [data-testid=company-move-up]"));
        var source = page.Find("[data-testid=company-source-note][data-fact=Pricing]");
        Assert.Equal("https://weavr.example/pricing", source.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("seen 2026-11-02", source.TextContent, StringComparison.Ordinal);
        Assert.Equal("Alerts first", page.Find("[data-testid=strategy-statement-text]").TextContent);
    }

    private static IElement Field(IRenderedComponent<CompetitorsPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    private BunitContext Host(Persona persona)
    {
        var context = PortalComponentTestContext.Create(out var authorization, services => services
            .AddSingleton(Competitors)
            .AddSingleton(world.Services.GetRequiredService<WorkspaceService>())
            .AddSingleton(world.Services.GetRequiredService<IWorkspaceEvents>()));
        authorization.SetAuthorized(persona.ToString()).SetClaims(new Claim(ClaimTypes.NameIdentifier, world.Id(persona)!));
        // Each has tests of its own; here they only have to be there.
        context.ComponentFactories.AddStub<WorkspaceToolBar>();
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();
        context.ComponentFactories.AddStub<ComparisonMatrixPanel>();
        context.ComponentFactories.AddStub<PositioningMapsPanel>();
        return context;
    }
}
