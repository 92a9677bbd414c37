using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>Two or more people on one canvas at the same moment: nobody's text disappears without a word.</summary>
public sealed class CanvasCollaborationTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task Simultaneous_saves_of_one_note_store_one_and_show_the_other_person_the_conflict_until_they_choose()
    {
        var (ada, bo) = (await OpenCanvasAsync(Ada), await OpenCanvasAsync(Bo));
        var note = await AddNoteAsync(ada, CanvasBlock.KeyPartners, $"Race {Guid.NewGuid():N}"[..13]);

        for (var round = 1; round <= 10; round++)
        {
            var (adaText, boText) = ($"Ada round {round}", $"Bo round {round}");
            await StartEditingAsync(ada, note, adaText);
            await StartEditingAsync(bo, note, boText);

            await Task.WhenAll(
                NoteCard(ada, note).Locator("[data-testid=note-save]").ClickAsync(),
                NoteCard(bo, note).Locator("[data-testid=note-save]").ClickAsync());

            // Exactly one save is stored; the other person keeps their editor with the conflict and both texts.
            var (winner, loser, loserText, winnerText) = await WhoWonAsync(ada, bo, note, adaText, boText);
            await Assertions.Expect(NoteCard(winner, note).Locator("[data-testid=note-editor]")).ToHaveCountAsync(0);
            var conflict = NoteCard(loser, note).Locator("[data-testid=conflict]");
            await Assertions.Expect(conflict).ToBeVisibleAsync();
            await Assertions.Expect(conflict.Locator("[data-testid=conflict-theirs]")).ToHaveTextAsync(winnerText);
            await Assertions.Expect(NoteCard(loser, note).Locator("[data-testid=note-editor]")).ToHaveValueAsync(loserText);

            await conflict.Locator("[data-testid=conflict-apply-mine]").ClickAsync();
            await Assertions.Expect(NoteCard(ada, note).Locator(".canvas-note-text")).ToHaveTextAsync(loserText);
            await Assertions.Expect(NoteCard(bo, note).Locator(".canvas-note-text")).ToHaveTextAsync(loserText);
            Assert.Equal(loserText, await StoredTextAsync(note));
        }
    }

    [Fact]
    public async Task Someone_typing_keeps_their_text_when_a_teammate_saves_or_deletes_the_same_note()
    {
        var (ada, bo) = (await OpenCanvasAsync(Ada), await OpenCanvasAsync(Bo));
        var note = await AddNoteAsync(ada, CanvasBlock.KeyActivities, $"Typing {Guid.NewGuid():N}"[..15]);
        var other = await AddNoteAsync(ada, CanvasBlock.KeyActivities, $"Neighbour {Guid.NewGuid():N}"[..18]);

        await StartEditingAsync(bo, note, "Bo is still typing");
        await StartEditingAsync(ada, note, "Ada saved this");
        await NoteCard(ada, note).Locator("[data-testid=note-save]").ClickAsync();

        var boCard = NoteCard(bo, note);
        await Assertions.Expect(boCard.Locator("[data-testid=conflict-theirs]")).ToHaveTextAsync("Ada saved this");
        await Assertions.Expect(boCard.Locator("[data-testid=note-editor]")).ToHaveValueAsync("Bo is still typing");
        await bo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "canvas-changed-while-editing.png") });

        // Editing on from theirs replaces the text with theirs and keeps the editor open.
        await boCard.Locator("[data-testid=conflict-edit-theirs]").ClickAsync();
        await Assertions.Expect(boCard.Locator("[data-testid=note-editor]")).ToHaveValueAsync("Ada saved this");
        await Assertions.Expect(boCard.Locator("[data-testid=conflict]")).ToHaveCountAsync(0);
        await boCard.Locator("[data-testid=note-editor]").FillAsync("Bo's text again");

        // A delete of the neighbour renumbers the block; Bo's editor stays.
        await NoteCard(ada, other).Locator("[data-testid=note-delete]").ClickAsync();
        await Assertions.Expect(NoteCard(bo, other)).ToHaveCountAsync(0);
        await Assertions.Expect(boCard.Locator("[data-testid=note-editor]")).ToHaveValueAsync("Bo's text again");

        // The note itself deleted: Bo is told, keeps the text and can restore the note with it.
        await NoteCard(ada, note).Locator("[data-testid=note-delete]").ClickAsync();
        await Assertions.Expect(NoteCard(ada, note)).ToHaveCountAsync(0);
        await Assertions.Expect(boCard.Locator("[data-testid=conflict-deleted]")).ToBeVisibleAsync();
        await Assertions.Expect(boCard.Locator("[data-testid=note-editor]")).ToHaveValueAsync("Bo's text again");
        await boCard.Locator("[data-testid=conflict-restore-mine]").ClickAsync();
        await Assertions.Expect(NoteCard(ada, note).Locator(".canvas-note-text")).ToHaveTextAsync("Bo's text again");
        Assert.Equal("Bo's text again", await StoredTextAsync(note));
    }

    [Fact]
    public async Task Four_pages_adding_to_one_block_at_once_store_every_note_once_in_distinct_positions()
    {
        var pages = new[] { await OpenCanvasAsync(Ada), await OpenCanvasAsync(Bo), await OpenCanvasAsync(Ada), await OpenCanvasAsync(Bo) };
        var tag = Guid.NewGuid().ToString("N")[..6];
        var texts = Enumerable.Range(0, pages.Length).Select(p => Enumerable.Range(0, 10).Select(i => $"{tag} p{p} n{i}").ToList()).ToList();

        await Task.WhenAll(pages.Select(async (page, p) =>
        {
            var box = page.Locator($"[data-testid=add-{CanvasBlock.Channels}]");
            foreach (var text in texts[p])
            {
                await box.FillAsync(text);
                await box.PressAsync("Enter");
            }
        }));

        var all = texts.SelectMany(t => t).ToList();
        foreach (var page in pages)
        {
            await Assertions.Expect(page.Locator($"[data-testid=block-{CanvasBlock.Channels}] [data-testid=canvas-note]", new() { HasText = tag })).ToHaveCountAsync(all.Count);
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator($"[data-testid=add-{CanvasBlock.Channels}]")).ToHaveValueAsync("");
        }

        var stored = await StoredNotesAsync(CanvasBlock.Channels);
        Assert.Equal(all.Order(), stored.Where(n => n.Text.StartsWith(tag, StringComparison.Ordinal)).Select(n => n.Text).Order());
        Assert.Equal(stored.Count, stored.Select(n => n.Position).Distinct().Count());
    }

    [Fact]
    public async Task Typing_straight_on_after_Enter_stores_each_note_as_typed()
    {
        var page = await OpenCanvasAsync(Ada);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var texts = Enumerable.Range(1, 6).Select(i => $"{tag} typed note {i}").ToList();

        await page.Locator($"[data-testid=add-{CanvasBlock.RevenueStreams}]").FocusAsync();
        foreach (var text in texts)
        {
            // About 12 keys a second, as a quick typist, and no pause after Enter.
            await page.Keyboard.TypeAsync(text, new() { Delay = 80 });
            await page.Keyboard.PressAsync("Enter");
        }

        await Assertions.Expect(page.Locator($"[data-testid=block-{CanvasBlock.RevenueStreams}] [data-testid=canvas-note]", new() { HasText = tag })).ToHaveCountAsync(texts.Count);
        var stored = await StoredNotesAsync(CanvasBlock.RevenueStreams);
        Assert.Equal(texts, stored.Where(n => n.Text.StartsWith(tag, StringComparison.Ordinal)).OrderBy(n => n.Position).Select(n => n.Text));
    }

    [Fact]
    public async Task Unsaved_text_survives_a_server_restart_and_is_forgotten_at_sign_out()
    {
        var page = await OpenCanvasAsync(Ada);
        var note = await AddNoteAsync(page, CanvasBlock.CostStructure, $"Restart {Guid.NewGuid():N}"[..16]);
        await StartEditingAsync(page, note, "Half-written thought before the restart");
        await page.Locator($"[data-testid=add-{CanvasBlock.CostStructure}]").FillAsync("Unsent new note");

        // The old page still shows the typed text until the reconnect is refused and the browser loads the page again.
        var loadedAgain = new TaskCompletionSource();
        page.Load += (_, _) => loadedAgain.TrySetResult();
        await server.RestartAsync(async () =>
        {
            // While the server is down the page says the text is kept.
            await Assertions.Expect(page.Locator("[data-testid=reconnect-modal]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=reconnect-drafts-kept]")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "canvas-reconnecting.png") });
        });

        // The new process knows nothing of the old circuit: the page reloads and offers the drafts back.
        var card = NoteCard(page, note);
        try
        {
            await loadedAgain.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await PortalServer.WaitUntilInteractiveAsync(page);
            await Assertions.Expect(card.Locator("[data-testid=draft-restored]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(card.Locator("[data-testid=note-editor]")).ToHaveValueAsync("Half-written thought before the restart");
            await Assertions.Expect(page.Locator($"[data-testid=add-{CanvasBlock.CostStructure}]")).ToHaveValueAsync("Unsent new note");
        }
        catch (PlaywrightException)
        {
            // What the page showed, for the one who reads the failure.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "failed-canvas-restart.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(PortalServer.ArtifactsDirectory, "failed-canvas-restart.html"), await page.ContentAsync());
            throw;
        }

        await page.Locator("[data-testid=logout]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=account-link]")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('portal-draft|')).length"));
    }

    [Fact]
    public async Task A_member_removed_while_the_canvas_is_open_is_told_on_their_next_save_and_the_page_lives_on()
    {
        var (email, userId) = await NewEditorOfTheDemoWorkspaceAsync();
        var page = await OpenCanvasAsync(email, NewMemberPassword);
        var note = await AddNoteAsync(page, CanvasBlock.Channels, $"Removed {Guid.NewGuid():N}"[..16]);
        await StartEditingAsync(page, note, "Saved after removal");
        // A marker that a full page load would wipe: the navigation below must happen inside the same circuit.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        var workspaces = server.Services.GetRequiredService<WorkspaceService>();
        var owner = await server.UserIdAsync(Ada);
        var workspace = (await workspaces.GetAccessAsync(owner, DemoSeeder.WorkspaceSlug))!;
        await workspaces.RemoveMemberAsync(owner, workspace.WorkspaceId, userId);
        await NoteCard(page, note).Locator("[data-testid=note-save]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=access-ended]")).ToBeVisibleAsync();
        Assert.NotEqual("Saved after removal", await StoredTextAsync(note));
        await page.Locator("[data-testid=access-ended-home]").ClickAsync();
        await PortalServer.ExpectUrlAsync(page, new System.Text.RegularExpressions.Regex("/workspaces$"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    private const string NewMemberPassword = "Fresh-Member-Pass-31";

    /// <summary>A new account made an editor of the demo workspace, so that removing it leaves the other tests' members alone.</summary>
    private async Task<(string Email, string UserId)> NewEditorOfTheDemoWorkspaceAsync()
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "Soon removed" };
        Assert.True((await users.CreateAsync(user, NewMemberPassword)).Succeeded);
        var workspaces = server.Services.GetRequiredService<WorkspaceService>();
        var invitations = server.Services.GetRequiredService<WorkspaceInvitationService>();
        var owner = await server.UserIdAsync(Ada);
        var workspace = (await workspaces.GetAccessAsync(owner, DemoSeeder.WorkspaceSlug))!;
        await invitations.InviteByEmailAsync(owner, workspace.WorkspaceId, email, WorkspaceRole.Editor);
        var invitation = Assert.Single(await invitations.ListPendingForUserAsync(user.Id));
        Assert.Equal(InvitationOutcome.Accepted, (await invitations.AnswerAsync(user.Id, invitation.Id, accept: true)).Outcome);
        return (email, user.Id);
    }

    private async Task<IPage> OpenCanvasAsync(string email, string password = DemoSeeder.Password)
    {
        var page = await server.LogInAsync(email, password);
        await page.GotoAsync("w/loomsight/canvas");
        await PortalServer.WaitUntilCanvasAddBoxesReadyAsync(page);
        return page;
    }

    private static ILocator NoteCard(IPage page, Guid note) => page.Locator($"[data-testid=canvas-note][data-note-id='{note}']");

    private static async Task<Guid> AddNoteAsync(IPage page, CanvasBlock block, string text)
    {
        await page.Locator($"[data-testid=add-{block}]").FillAsync(text);
        await page.Locator($"[data-testid=add-{block}]").PressAsync("Enter");
        var card = page.Locator("[data-testid=canvas-note]", new() { HasText = text });
        await Assertions.Expect(card).ToBeVisibleAsync();
        return Guid.Parse((await card.GetAttributeAsync("data-note-id"))!);
    }

    private static async Task StartEditingAsync(IPage page, Guid note, string text)
    {
        var card = NoteCard(page, note);
        if (await card.Locator("[data-testid=note-editor]").CountAsync() == 0)
        {
            await card.Locator("[data-testid=note-edit]").ClickAsync();
        }

        await card.Locator("[data-testid=note-editor]").FillAsync(text);
    }

    /// <summary>Waits until one save has been stored and returns who won.</summary>
    private async Task<(IPage Winner, IPage Loser, string LoserText, string WinnerText)> WhoWonAsync(IPage ada, IPage bo, Guid note, string adaText, string boText)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string stored;
        while ((stored = await StoredTextAsync(note)) != adaText && stored != boText)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Neither save was stored; the note holds '{stored}'.");
            await Task.Delay(50);
        }

        return stored == adaText ? (ada, bo, boText, adaText) : (bo, ada, adaText, boText);
    }

    private async Task<string> StoredTextAsync(Guid note)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<CanvasNote>().Where(n => n.Id == note).Select(n => n.Text).SingleAsync();
    }

    private async Task<List<CanvasNote>> StoredNotesAsync(CanvasBlock block)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<CanvasNote>().Where(n => n.Block == block && n.DeletedAt == null).AsNoTracking().ToListAsync();
    }
}
