using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Canvas;

public sealed class CanvasPosterTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task The_svg_poster_is_well_formed_with_nine_blocks_and_every_note_as_escaped_text()
    {
        const string Script = "<script>alert('x')</script> & \"quotes\"";
        const string Chinese = "面向纺织厂的质检模型，按检测件数收费";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderAEmail))!;
            var access = (await factory.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner.Id, DemoSeeder.WorkspaceSlug))!;
            var canvas = factory.Services.GetRequiredService<CanvasService>();
            await canvas.AddNoteAsync(owner.Id, access.WorkspaceId, CanvasBlock.Channels, Script, NoteColour.Pink);
            await canvas.AddNoteAsync(owner.Id, access.WorkspaceId, CanvasBlock.ValuePropositions, Chinese, NoteColour.Blue);
        }

        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        var response = await member.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/canvas/export.svg");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        var svg = XDocument.Parse(body).Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        var blocks = svg.Elements(Svg + "g").Where(g => g.Attribute("data-block") is not null).ToList();
        Assert.Equal(Enum.GetNames<CanvasBlock>(), blocks.Select(b => b.Attribute("data-block")!.Value));
        Assert.Equal(Script, NoteText(blocks, CanvasBlock.Channels).Single(t => t.Contains("alert", StringComparison.Ordinal)));
        Assert.Contains(Chinese, NoteText(blocks, CanvasBlock.ValuePropositions));
        Assert.Contains(svg.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == CanvasPoster.Fill(NoteColour.Pink));
        Assert.Contains("Loomsight", svg.Elements(Svg + "text").First().Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strangers_get_404_for_the_svg_and_the_poster_page()
    {
        var stranger = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(stranger, DemoSeeder.InstructorEmail, DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/canvas/export.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/canvas/poster")).StatusCode);
    }

    [Fact]
    public void Wrapping_breaks_chinese_anywhere_and_keeps_english_words_whole()
    {
        var chinese = CanvasPoster.Wrap("一二三四五六七八九十", 4);
        var english = CanvasPoster.Wrap("pay per inspected metre", 8);

        Assert.Equal(["一二三四", "五六七八", "九十"], chinese);
        Assert.Equal(["pay per", "inspected", "metre"], english);
    }

    /// <summary>A note's text as it reads in the picture: its wrapped lines joined again.</summary>
    private static List<string> NoteText(List<XElement> blocks, CanvasBlock block) =>
        blocks.Single(b => b.Attribute("data-block")!.Value == block.ToString())
            .Elements(Svg + "g")
            .Select(note => string.Join(" ", note.Descendants(Svg + "tspan").Select(t => t.Value)))
            .ToList();
}
