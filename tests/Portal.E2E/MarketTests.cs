using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Research;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>A persona backed by an interview and a channel started from a canvas note with its CAC; a teammate sees the channel live.</summary>
public sealed class MarketTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = DemoSeeder.FounderAEmail;
    private const string Bo = DemoSeeder.FounderBEmail;

    [Fact]
    public async Task A_founder_adds_a_persona_backed_by_an_interview_and_a_channel_from_a_canvas_note_sees_its_cac_and_a_teammate_sees_it_live()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (person, personaName, noteText) = ($"Mill manager {tag}", $"Night-shift lead {tag}", $"Textile trade fair {tag}");
        var adaId = await server.UserIdAsync(Ada);
        var workspace = (await server.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(adaId, DemoSeeder.WorkspaceSlug))!;
        await server.Services.GetRequiredService<ResearchService>().CreateInterviewAsync(adaId, workspace.WorkspaceId,
            new InterviewInput("Weaving mills", "Manager", person, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3), InterviewMethod.Interview, "Looms stop at night."));
        var note = await server.Services.GetRequiredService<CanvasService>().AddNoteAsync(adaId, workspace.WorkspaceId, CanvasBlock.Channels, noteText, NoteColour.Green);

        var ada = await OpenAsync(Ada, "en", "light", consoleErrors);
        var bo = await OpenAsync(Bo, "en", "light", consoleErrors);
        await bo.Locator("[data-testid=market-channels-tab]").ClickAsync();

        // A persona resting on the interview: not an assumption.
        await ada.Locator("[data-testid=persona-new]").ClickAsync();
        var form = ada.Locator("[data-testid=persona-form]");
        await Input(form, "persona-name").FillAsync(personaName);
        await Assertions.Expect(form.Locator("[data-testid=persona-assumption-hint]")).ToBeVisibleAsync();
        await form.Locator("[data-testid=persona-interview-option]", new() { HasText = person }).Locator("label").First.ClickAsync();
        await Assertions.Expect(form.Locator("[data-testid=persona-assumption-hint]")).ToHaveCountAsync(0);
        await form.Locator("textarea[data-testid=persona-pains], [data-testid=persona-pains] textarea").First.FillAsync("A stopped loom goes unnoticed for hours.");
        await form.Locator("[data-testid=persona-save]").ClickAsync();
        var persona = ada.Locator("[data-testid=persona-item]", new() { HasText = personaName });
        await Assertions.Expect(persona.Locator("[data-testid=persona-evidence]")).ToHaveAttributeAsync("data-assumption", "false");
        await Assertions.Expect(persona.Locator("[data-testid=persona-evidence]")).ToContainTextAsync("1");

        // One click makes the canvas note a channel; its figures give the CAC: 400 × 2.5 % = 10 customers, 800 USD ÷ 10 = 80 USD.
        await ada.Locator("[data-testid=market-channels-tab]").ClickAsync();
        var chip = ada.Locator($"[data-testid=channel-note][data-note-id='{note.Id}']");
        await chip.ClickAsync();
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-taken", "true");
        var channelForm = ada.Locator("[data-testid=channel-form]");
        await Assertions.Expect(Input(channelForm, "channel-name")).ToHaveValueAsync(noteText);
        await Input(channelForm, "channel-budget").FillAsync("800");
        await Input(channelForm, "channel-monthly-reach").FillAsync("400");
        await Input(channelForm, "channel-conversion").FillAsync("2.5");
        await Assertions.Expect(channelForm.Locator("[data-testid=channel-working-cac]")).ToHaveTextAsync("CAC = USD 800.00 ÷ 10 = USD 80.00");
        await channelForm.Locator("[data-testid=channel-save]").ClickAsync();
        var channel = ada.Locator("[data-testid=channel-item]", new() { HasText = noteText });
        await Assertions.Expect(channel.Locator("[data-testid=channel-cac]")).ToHaveAttributeAsync("data-cac", "80.00");
        await Assertions.Expect(ada.Locator("[data-testid=channel-chart] .main-svg").First).ToBeVisibleAsync();
        await Assertions.Expect(ada.Locator("[data-testid=channel-formula]")).ToContainTextAsync("monthly budget ÷ customers a month");
        var channelId = await channel.GetAttributeAsync("data-channel-id");

        // Bo's open page shows it, with its cost, without a reload.
        await Assertions.Expect(bo.Locator($"[data-testid=channel-item][data-channel-id='{channelId}'] [data-testid=channel-cac]")).ToHaveAttributeAsync("data-cac", "80.00");
        await Assertions.Expect(bo.Locator($"[data-testid=channel-note][data-note-id='{note.Id}']")).ToHaveAttributeAsync("data-taken", "true");

        await ada.Context.CloseAsync();
        await bo.Context.CloseAsync();

        // On a phone, dark, in both languages: both tabs fit without the page scrolling sideways.
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            var phone = await OpenAsync(Ada, culture, "dark", consoleErrors);
            await phone.SetViewportSizeAsync(390, 860);
            await phone.ReloadAsync();
            await PortalServer.WaitUntilInteractiveAsync(phone);
            await phone.Locator("[data-testid=persona-item]", new() { HasText = personaName }).ClickAsync();
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"market-personas-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await phone.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            await phone.Locator("[data-testid=market-channels-tab]").ClickAsync();
            await phone.Locator($"[data-testid=channel-item][data-channel-id='{channelId}']").ClickAsync();
            await Assertions.Expect(phone.Locator("[data-testid=channel-chart] .main-svg").First).ToBeVisibleAsync();
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, $"market-channels-{culture}-dark-390.png"), FullPage = true });
            Assert.Null(await phone.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
            await phone.Context.CloseAsync();
        }

        Assert.Empty(consoleErrors);
    }

    private async Task<IPage> OpenAsync(string email, string culture, string theme, List<string> consoleErrors)
    {
        var page = await server.SignedInPageAsync(email, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = server.BaseAddress.ToString() },
        ]);
        await page.GotoAsync($"w/{DemoSeeder.WorkspaceSlug}/market");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return page;
    }

    private static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}
