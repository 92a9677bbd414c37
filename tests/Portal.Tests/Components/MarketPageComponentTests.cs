using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Canvas;
using Portal.Features.Market;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;
using Persona = Portal.Tests.Workspaces.Persona;

namespace Portal.Tests.Components;

/// <summary>The customers and channels page with the real services and database, the test its host.</summary>
public sealed class MarketPageComponentTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private static readonly string[] TabIds = ["market-personas-tab", "market-channels-tab", "market-funnel-tab", "market-economics-tab", "market-retention-tab"];

    private ChannelService Channels => world.Services.GetRequiredService<ChannelService>();

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task A_new_empty_workspace_renders_every_tab_without_an_error(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(Persona.Owner);

        var page = context.Render<MarketPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=persona-none]"), TimeSpan.FromSeconds(10));

        Assert.Single(page.FindAll("[data-testid=channel-none]"));
        Assert.Equal("guide/marketing-and-growth", page.Find("[data-testid=market-guide-link]").GetAttribute("href"));
        foreach (var id in TabIds)
        {
            var tab = page.Find($"[data-testid={id}]").Closest("[role=tab]")!;
            tab.Click();
            Assert.Equal("true", page.Find($"[data-testid={id}]").Closest("[role=tab]")!.GetAttribute("aria-selected"));
            Assert.Single(page.FindAll($"[data-testid={id.Replace("-tab", "-panel", StringComparison.Ordinal)}].mud-tab-panel-active"));
            Assert.Empty(page.FindAll(".blazor-error-boundary, #blazor-error-ui[style*=block]"));
        }

        Assert.Equal(TabIds, page.FindAll("[role=tab] [data-testid]").Select(t => t.GetAttribute("data-testid")));
        Assert.Empty(page.FindAll("[data-testid=channel-chart]"));
        Assert.Empty(page.FindAll("[data-testid=market-read-only]"));
    }

    [Fact]
    public async Task A_viewer_reads_both_lists_without_a_single_edit_control()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        await world.Services.GetRequiredService<PersonaService>().CreateAsync(owner, workspace.Id, new PersonaInput("Clinic owner", "Clinics", "", "", "", "", []));
        await Channels.CreateAsync(owner, workspace.Id, new ChannelInput("Search ads", ChannelReach.Online, ChannelKind.Ads, 3000m, 20_000, 1.5, null));
        await world.Services.GetRequiredService<CanvasService>().AddNoteAsync(owner, workspace.Id, CanvasBlock.Channels, "Trade fair", NoteColour.Green);
        await using var context = Host(Persona.Viewer);

        var page = context.Render<MarketPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=persona-item]"), TimeSpan.FromSeconds(10));

        Assert.Single(page.FindAll("[data-testid=market-read-only]"));
        Assert.Empty(page.FindAll("[data-testid=persona-new], [data-testid=channel-new], [data-testid=channel-note]"));
        Assert.Equal("true", page.Find("[data-testid=persona-evidence]").GetAttribute("data-assumption"));
        Assert.Equal("10.00", page.Find("[data-testid=channel-cac]").GetAttribute("data-cac"));
        page.Find("[data-testid=channel-item]").Click();
        var details = page.Find("[data-testid=channel-form]");
        Assert.Empty(details.QuerySelectorAll("input, textarea, [data-testid=channel-save]"));
        Assert.Contains("CAC = USD 3,000.00 ÷ 300 = USD 10.00", details.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_sees_the_cac_worked_out_as_they_type_adds_a_note_as_a_channel_and_a_stale_save_keeps_their_figures()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var note = await world.Services.GetRequiredService<CanvasService>().AddNoteAsync(owner, workspace.Id, CanvasBlock.Channels, "Dental trade fair", NoteColour.Green);
        await using var context = Host(Persona.Editor);
        var page = context.Render<MarketPage>(parameters => parameters.Add(p => p.Slug, workspace.Slug));
        page.WaitForAssertion(() => page.Find("[data-testid=channel-none]"), TimeSpan.FromSeconds(10));

        // One click makes the note a channel, opened for its figures; the note is then taken.
        page.Find($"[data-testid=channel-note][data-note-id='{note.Id}']").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=channel-note]").GetAttribute("data-taken")), TimeSpan.FromSeconds(10));
        var created = Assert.Single((await Channels.ListAsync(owner, workspace.Id))!);
        Assert.Equal(("Dental trade fair", note.Id), (created.Name, created.CanvasNoteId));
        page.WaitForAssertion(() => Assert.Equal("Dental trade fair", page.Find("input[data-testid=channel-name], [data-testid=channel-name] input").GetAttribute("value")));

        page.Find("input[data-testid=channel-budget], [data-testid=channel-budget] input").Input("800");
        page.Find("input[data-testid=channel-monthly-reach], [data-testid=channel-monthly-reach] input").Input("400");
        page.Find("input[data-testid=channel-conversion], [data-testid=channel-conversion] input").Input("2.5");
        page.WaitForAssertion(() => Assert.Equal("CAC = USD 800.00 ÷ 10 = USD 80.00", page.Find("[data-testid=channel-working-cac]").TextContent.Trim()));

        // Someone else saves first: the save is refused with theirs beside it, the editor's figures stay.
        await Channels.UpdateAsync(owner, workspace.Id, created.Id, created.ToInput() with { MonthlyBudget = 999m }, created.Version);
        page.WaitForAssertion(() => page.Find("[data-testid=conflict]"), TimeSpan.FromSeconds(10));
        page.Find("button[data-testid=channel-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("USD 999.00", page.Find("[data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("800", page.Find("input[data-testid=channel-budget], [data-testid=channel-budget] input").GetAttribute("value"));
        page.Find("button[data-testid=conflict-apply-mine]").Click();
        page.WaitForAssertion(() => Assert.Equal(80m, (Channels.ListAsync(owner, workspace.Id).GetAwaiter().GetResult())!.Single().Cac), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Equal("80.00", page.Find("[data-testid=channel-cac]").GetAttribute("data-cac")), TimeSpan.FromSeconds(10));
    }

    private BunitContext Host(Persona persona)
    {
        // Whatever the page and the other helpers' panels need beyond the test set-up comes from the portal's own
        // services, through a scope so that scoped ones resolve too.
        var context = PortalComponentTestContext.Create(out var authorization, services => ((BunitServiceProvider)services).AddFallbackServiceProvider(world.Services.CreateScope().ServiceProvider));
        authorization.SetAuthorized(persona.ToString()).SetClaims(new Claim(ClaimTypes.NameIdentifier, world.Id(persona)!));
        // The threads and presence have tests of their own; here they only have to be there.
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();
        context.ComponentFactories.AddStub<Portal.Features.Workspaces.PagePresence>();
        return context;
    }
}
