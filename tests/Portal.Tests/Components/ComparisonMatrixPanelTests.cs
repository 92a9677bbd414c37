using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Comments;
using Portal.Features.Competitors;
using Portal.Features.Workspaces;
using Portal.Tests.Competitors;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Components;

/// <summary>
/// The comparison matrix panel on its own, as the competitors page's "Matrix" tab holds it, with the real service and
/// database: the test is its host.
/// </summary>
public sealed class ComparisonMatrixPanelTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private ComparisonService Comparison => world.Services.GetRequiredService<ComparisonService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task A_new_workspace_s_matrix_renders_empty_saying_what_to_add_first()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Editor, workspace.Id);

        var panel = context.Render<ComparisonMatrixPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => panel.Find("[data-testid=comparison-no-companies]"), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(panel.FindAll("[data-testid=comparison-none]"));
        Assert.Empty(panel.FindAll("[data-testid=comparison-matrix]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=comparison-new-row]"));
    }

    [Fact]
    public async Task The_matrix_shows_the_own_company_first_and_marked_and_each_cell_as_a_coloured_chip_with_its_note_as_tooltip()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var (rival, us, rows) = await SeedAsync(workspace.Id);
        await using var context = Host(out var access, Persona.Viewer, workspace.Id);

        var panel = context.Render<ComparisonMatrixPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => Assert.Equal(5, panel.FindAll("[data-testid=comparison-row]").Count), TimeSpan.FromSeconds(10));
        var companies = panel.FindAll("[data-testid=comparison-company]");
        Assert.Equal([us.ToString(), rival.ToString()], companies.Select(c => c.GetAttribute("data-company-id")));
        Assert.Equal("true", companies[0].GetAttribute("data-own"));
        Assert.Single(panel.FindAll("[data-testid=comparison-own-mark]"));
        Assert.Equal(["Voice input", "Price", "Languages", "Offline mode", "On-premise"], panel.FindAll("[data-testid=comparison-row-name]").Select(r => r.TextContent));
        var voice = panel.FindAll("[data-testid=comparison-row]")[0].QuerySelectorAll("[data-testid=comparison-cell]");
        Assert.Equal(["yes", "partial"], voice.Select(c => c.GetAttribute("data-kind")));
        Assert.Contains("comparison-chip-partial", voice[1].ClassName, StringComparison.Ordinal);
        Assert.Equal("beta, English only", voice[1].GetAttribute("title"));
        var price = panel.FindAll("[data-testid=comparison-row]")[1].QuerySelectorAll("[data-testid=comparison-cell]");
        Assert.Equal(("value", "$20 a month"), (price[1].GetAttribute("data-kind"), price[1].TextContent.Trim()));
        Assert.Equal("unknown", price[0].GetAttribute("data-kind"));

        // A reader changes nothing but opens a cell to read its note (a tooltip does not show on a phone).
        Assert.Empty(panel.FindAll("[data-testid=comparison-new-row], [data-testid=comparison-import-toggle], textarea"));
        Assert.NotEmpty(panel.FindAll("[data-testid=comparison-read-only]"));
        voice[1].Click();
        Assert.Equal("beta, English only", panel.Find("[data-testid=comparison-cell-note-text]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=comparison-cell-save], [data-testid=comparison-cell-kind]"));
        Assert.Equal($"/w/{workspace.Slug}/competitors/matrix.csv", panel.Find("[data-testid=comparison-export]").GetAttribute("href"));
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Sorting_by_a_company_s_column_puts_yes_then_partial_a_value_no_and_unknown_and_by_name_alphabetically()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var (rival, us, _) = await SeedAsync(workspace.Id);
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<ComparisonMatrixPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => Assert.Equal(5, panel.FindAll("[data-testid=comparison-row]").Count), TimeSpan.FromSeconds(10));
        List<string> Names() => [.. panel.FindAll("[data-testid=comparison-row-name]").Select(r => r.TextContent)];

        panel.Find("select[data-testid=comparison-sort]").Change($"company:{rival}");
        Assert.Equal(["Languages", "Voice input", "Price", "On-premise", "Offline mode"], Names());

        panel.Find("select[data-testid=comparison-sort]").Change($"company:{us}");
        Assert.Equal(["Voice input", "Offline mode", "Languages", "Price", "On-premise"], Names());

        panel.Find("select[data-testid=comparison-sort]").Change("name");
        Assert.Equal(["Languages", "Offline mode", "On-premise", "Price", "Voice input"], Names());

        panel.Find("select[data-testid=comparison-sort]").Change("order");
        Assert.Equal(["Voice input", "Price", "Languages", "Offline mode", "On-premise"], Names());
    }

    [Fact]
    public async Task Hiding_a_row_takes_it_out_of_the_matrix_and_the_switch_shows_it_again_marked()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var (_, _, rows) = await SeedAsync(workspace.Id);
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<ComparisonMatrixPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => Assert.Equal(5, panel.FindAll("[data-testid=comparison-row]").Count), TimeSpan.FromSeconds(10));

        panel.FindAll("[data-testid=comparison-row-name]")[1].Click();
        panel.Find("button[data-testid=comparison-row-hide]").Click();

        panel.WaitForAssertion(() => Assert.Equal(4, panel.FindAll("[data-testid=comparison-row]").Count), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("Price", panel.FindAll("[data-testid=comparison-row-name]").Select(r => r.TextContent));
        Assert.True((await Comparison.GetAsync(Owner, workspace.Id))!.Rows.Single(r => r.Id == rows[1].Id).Hidden);

        var showHidden = panel.FindComponent<MudBlazor.MudSwitch<bool>>();
        await panel.InvokeAsync(() => showHidden.Instance.ValueChanged.InvokeAsync(true));
        var shown = panel.FindAll("[data-testid=comparison-row]");
        Assert.Equal(5, shown.Count);
        Assert.Equal(("true", "Price"), (shown[1].GetAttribute("data-hidden"), shown[1].QuerySelector("[data-testid=comparison-row-name]")!.TextContent));
        Assert.NotNull(shown[1].QuerySelector("[data-testid=comparison-hidden-mark]"));
    }

    [Fact]
    public async Task A_cell_changed_by_a_teammate_while_being_edited_shows_theirs_keeps_the_user_s_choice_and_a_second_save_replaces_it()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var (rival, _, rows) = await SeedAsync(workspace.Id);
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<ComparisonMatrixPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => Assert.Equal(5, panel.FindAll("[data-testid=comparison-row]").Count), TimeSpan.FromSeconds(10));
        AngleSharp.Dom.IElement OfflineRival() => panel.FindAll("[data-testid=comparison-row]")[3].QuerySelectorAll("[data-testid=comparison-cell]")[1];

        // The user opens the unknown cell and chooses "yes" with a note; the owner saves "no" first.
        OfflineRival().Click();
        panel.Find("select[data-testid=comparison-cell-kind]").Change("yes");
        panel.Find("textarea[data-testid=comparison-cell-note], [data-testid=comparison-cell-note] textarea").Input("their docs, 2026-11");
        var theirs = await Comparison.SetCellAsync(Owner, workspace.Id, rows[3].Id, rival, new(CellKind.No, "", "checked the app"), null);
        panel.WaitForAssertion(() => Assert.Equal("no", OfflineRival().GetAttribute("data-kind")), TimeSpan.FromSeconds(10));

        panel.Find("button[data-testid=comparison-cell-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains("\"No\"", panel.Find("[data-testid=comparison-cell-conflict]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("checked the app", panel.Find("[data-testid=comparison-cell-conflict-note]").TextContent, StringComparison.Ordinal);
        Assert.Equal("yes", panel.Find("select[data-testid=comparison-cell-kind] option[selected]").GetAttribute("value"));
        Assert.Equal("their docs, 2026-11", panel.Find("textarea[data-testid=comparison-cell-note], [data-testid=comparison-cell-note] textarea").GetAttribute("value") ?? panel.Find("textarea[data-testid=comparison-cell-note], [data-testid=comparison-cell-note] textarea").TextContent);
        Assert.Equal(theirs.Version, (await Comparison.GetAsync(Owner, workspace.Id))!.Cells.Single(c => c.RowId == rows[3].Id && c.CompetitorId == rival).Version);

        panel.Find("button[data-testid=conflict-apply-mine]").Click();

        panel.WaitForAssertion(() => Assert.Equal("yes", OfflineRival().GetAttribute("data-kind")), TimeSpan.FromSeconds(10));
        Assert.Empty(panel.FindAll("[data-testid=comparison-cell-editor]"));
        var stored = (await Comparison.GetAsync(Owner, workspace.Id))!.Cells.Single(c => c.RowId == rows[3].Id && c.CompetitorId == rival);
        Assert.Equal((CellKind.Yes, "their docs, 2026-11"), (stored.Kind, stored.Note));
    }

    [Fact]
    public async Task An_editor_adds_a_row_and_sets_a_value_and_a_pasted_import_reports_its_bad_lines()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await ComparisonSamples.CompaniesAsync(world.Services, workspace.Id, true, "Acme", "Rival");
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<ComparisonMatrixPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=comparison-none]"), TimeSpan.FromSeconds(10));

        panel.Find("input[data-testid=comparison-new-row], [data-testid=comparison-new-row] input").Input("价格");
        panel.Find("button[data-testid=comparison-add-row]").Click();
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=comparison-row]")), TimeSpan.FromSeconds(10));
        panel.FindAll("[data-testid=comparison-cell]")[1].Click();
        panel.Find("select[data-testid=comparison-cell-kind]").Change("value");
        panel.Find("input[data-testid=comparison-cell-value], [data-testid=comparison-cell-value] input").Input("每月 20 美元");
        panel.Find("button[data-testid=comparison-cell-save]").Click();
        panel.WaitForAssertion(() => Assert.Equal("每月 20 美元", panel.FindAll("[data-testid=comparison-cell]")[1].TextContent.Trim()), TimeSpan.FromSeconds(10));

        panel.Find("button[data-testid=comparison-import-toggle]").Click();
        // The form comes with the panel's next render, which on a busy machine can follow the click's return.
        panel.WaitForAssertion(() => panel.Find("[data-testid=comparison-import-paste]"), TimeSpan.FromSeconds(10));
        panel.Find("textarea[data-testid=comparison-import-paste], [data-testid=comparison-import-paste] textarea").Input("attribute,Acme,Rival,Other\n语音输入,yes,partial,x\n离线,yes\n");
        panel.Find("button[data-testid=comparison-import-run]").Click();

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=comparison-row]").Count), TimeSpan.FromSeconds(10));
        Assert.Equal("第 3 行：表头有 4 列，这一行却有 2 列", panel.Find("[data-testid=comparison-import-problem]").TextContent);
        Assert.Contains("Other", panel.Find("[data-testid=comparison-import-unknown]").TextContent, StringComparison.Ordinal);
        Assert.Equal("已导入：新增 1 行，更新 0 行，改动 2 个单元格。", panel.Find("[data-testid=comparison-import-summary]").TextContent.Trim());
    }

    /// <summary>
    /// Rival (added first) and the team's own Acme, which the matrix shows first. Rows, in the team's order, with
    /// Acme | Rival: Voice input yes | partial (noted); Price - | $20; Languages no | yes; Offline mode yes | -; On-premise - | no.
    /// </summary>
    private async Task<(Guid Rival, Guid Us, IReadOnlyList<ComparisonRowView> Rows)> SeedAsync(Guid workspaceId)
    {
        var rival = (await ComparisonSamples.CompaniesAsync(world.Services, workspaceId, false, "Rival"))[0];
        var us = (await ComparisonSamples.CompaniesAsync(world.Services, workspaceId, true, "Acme"))[0];
        var rows = new List<ComparisonRowView>();
        foreach (var name in new[] { "Voice input", "Price", "Languages", "Offline mode", "On-premise" })
        {
            rows.Add(await Comparison.AddRowAsync(Owner, workspaceId, name));
        }

        await Comparison.SetCellAsync(Owner, workspaceId, rows[0].Id, us, new(CellKind.Yes), null);
        await Comparison.SetCellAsync(Owner, workspaceId, rows[0].Id, rival, new(CellKind.Partial, "", "beta, English only"), null);
        await Comparison.SetCellAsync(Owner, workspaceId, rows[1].Id, rival, new(CellKind.Value, "$20 a month"), null);
        await Comparison.SetCellAsync(Owner, workspaceId, rows[2].Id, us, new(CellKind.No), null);
        await Comparison.SetCellAsync(Owner, workspaceId, rows[2].Id, rival, new(CellKind.Yes), null);
        await Comparison.SetCellAsync(Owner, workspaceId, rows[3].Id, us, new(CellKind.Yes), null);
        await Comparison.SetCellAsync(Owner, workspaceId, rows[4].Id, rival, new(CellKind.No), null);
        return (rival, us, rows);
    }

    private BunitContext Host(out WorkspaceAccess access, Persona persona, Guid workspaceId)
    {
        access = world.Workspaces.GetAccessAsync(world.Id(persona), workspaceId).GetAwaiter().GetResult()!;
        var context = PortalComponentTestContext.Create(out _, services => services
            .AddSingleton(Comparison)
            .AddSingleton(world.Services.GetRequiredService<CommentService>())
            .AddSingleton(world.Services.GetRequiredService<IWorkspaceEvents>()));
        // A row's comment thread offers the browser's kept drafts: there are none.
        context.JSInterop.Setup<Portal.Infrastructure.Draft[]>("portalDrafts.list", _ => true).SetResult([]);
        return context;
    }
}
