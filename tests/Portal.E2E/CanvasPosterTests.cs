using System.Buffers.Binary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;

namespace Portal.E2E;

public sealed class CanvasPosterTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task The_poster_page_shows_nine_blocks_and_its_png_button_downloads_a_2x_png()
    {
        var owner = await server.UserIdAsync("founder.a@portal.local");
        var workspaces = server.Services.GetRequiredService<WorkspaceService>();
        var canvas = server.Services.GetRequiredService<CanvasService>();
        var access = (await workspaces.GetAccessAsync(owner, "loomsight"))!;
        await canvas.AddNoteAsync(owner, access.WorkspaceId, CanvasBlock.ValuePropositions, "面向中小纺织厂的布匹瑕疵检测，按检测米数收费", NoteColour.Yellow);
        await canvas.AddNoteAsync(owner, access.WorkspaceId, CanvasBlock.CustomerSegments, "Weaving mills with 10-50 looms", NoteColour.Green);
        await canvas.AddNoteAsync(owner, access.WorkspaceId, CanvasBlock.RevenueStreams, "Pay per inspected metre <b>not bold</b>", NoteColour.Blue);

        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var consoleErrors = new List<string>();
            var page = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
            await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() }]);
            await page.GotoAsync("w/loomsight/canvas");
            await PortalServer.WaitUntilInteractiveAsync(page);
            await page.Locator("[data-testid=canvas-poster-link]").ClickAsync();
            await PortalServer.WaitUntilInteractiveAsync(page);

            await Assertions.Expect(page.Locator("[data-testid=poster-block]")).ToHaveCountAsync(9);
            await Assertions.Expect(page.Locator("[data-testid=poster]")).ToContainTextAsync("Pay per inspected metre <b>not bold</b>");
            await Assertions.Expect(page.Locator(".mud-appbar")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"canvas-poster-{culture}.png"), FullPage = true });

            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=poster-png]").ClickAsync());
            var file = Path.Combine(PortalServer.ArtifactsDirectory, $"canvas-poster-download-{culture}.png");
            await download.SaveAsAsync(file);

            Assert.Equal("loomsight-canvas.png", download.SuggestedFilename);
            var png = await File.ReadAllBytesAsync(file);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            // IHDR: width and height, big-endian, right after the signature and the chunk's length and type.
            Assert.Equal(CanvasPoster.Width * 2, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
            Assert.Equal(CanvasPoster.Height * 2, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
            Assert.InRange(png.Length, 30_000, 20_000_000);

            // What the print dialog (and so "Save as PDF") gets: the poster alone, its buttons gone.
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Assertions.Expect(page.Locator("[data-testid=poster-png]")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("[data-testid=poster-block]").Nth(8)).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"canvas-poster-print-{culture}.png") });
            Assert.Empty(consoleErrors);
            await page.Context.CloseAsync();
        }
    }
}
