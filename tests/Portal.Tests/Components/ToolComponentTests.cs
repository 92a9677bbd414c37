using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class ToolComponentTests
{
    [Fact]
    public async Task The_heat_map_shows_each_cell_s_count_and_reports_the_chosen_cell()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var cells = RiskScore.HeatMap([(4, 5), (4, 5), (2, 3)]);
        (int Likelihood, int Impact)? chosen = null;

        var map = context.Render<RiskHeatMap>(parameters => parameters
            .Add(p => p.Cells, cells)
            .Add(p => p.OnCellSelected, cell => chosen = cell));

        Assert.Equal("2", map.Find("[data-testid=cell-4-5]").TextContent);
        Assert.Equal("1", map.Find("[data-testid=cell-2-3]").TextContent);
        Assert.Equal(25, map.FindAll("button[data-testid^=cell-]").Count);
        Assert.Contains("risk-band-critical", map.Find("[data-testid=cell-4-5]").ParentElement!.ClassName, StringComparison.Ordinal);
        map.Find("[data-testid=cell-2-3]").Click();
        Assert.Equal((2, 3), chosen);
    }

    [Fact]
    public async Task A_canvas_note_shows_its_text_as_text_and_offers_editing_only_to_editors()
    {
        await using var context = PortalComponentTestContext.Create(out _, services =>
        {
            // The card saves through the real service; these tests never reach the database.
            services.AddDbContextFactory<PortalDbContext>(options => options.UseSqlite("Data Source=:memory:"));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IWorkspaceEvents, InProcessWorkspaceEvents>();
            services.AddSingleton<CanvasService>();
            services.AddLogging();
        });
        var note = new NoteView(Guid.NewGuid(), CanvasBlock.Channels, "<b>Trade fairs</b>", NoteColour.Blue, 0, Guid.NewGuid());
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();

        var forEditor = context.Render<CanvasNoteCard>(parameters => parameters.Add(p => p.Note, note).Add(p => p.CanEdit, true).Add(p => p.UserId, "u"));
        var forViewer = context.Render<CanvasNoteCard>(parameters => parameters.Add(p => p.Note, note).Add(p => p.CanEdit, false).Add(p => p.UserId, "u"));

        Assert.Equal("<b>Trade fairs</b>", forEditor.Find(".canvas-note-text").TextContent);
        Assert.Empty(forEditor.FindAll(".canvas-note-text b"));
        Assert.Contains("canvas-note-blue", forEditor.Find("[data-testid=canvas-note]").ClassName, StringComparison.Ordinal);
        Assert.Empty(forViewer.FindAll("[data-testid=note-edit]"));
        Assert.Empty(forViewer.FindAll("[data-testid=note-delete]"));

        forEditor.Find("[data-testid=note-edit] button, button[data-testid=note-edit]").Click();
        Assert.Equal("<b>Trade fairs</b>", forEditor.Find("[data-testid=note-editor]").GetAttribute("value") ?? forEditor.Find("[data-testid=note-editor]").TextContent);
        Assert.Equal(6, forEditor.FindAll(".canvas-swatch").Count);
    }
}
