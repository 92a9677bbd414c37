using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Portal.Features.Comments;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Components;

public sealed class MentionBoxTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private CommentService Comments => world.Services.GetRequiredService<CommentService>();

    [Fact]
    public async Task Typing_part_of_a_name_lists_the_matching_people_and_the_chosen_one_is_notified()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var editor = world.Id(Persona.Editor)!;
        await using var context = PortalComponentTestContext.Create(out _, services => services.AddSingleton(Comments));
        var box = context.Render<MentionBox>(parameters => parameters.Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, owner).Add(p => p.DraftKey, "k"));

        // The people are loaded once the box is live; "@o" then lists the two whose names contain an "o".
        box.WaitForAssertion(() => Assert.Equal(2, box.InvokeAsync(() => box.Instance.Suggest("O")).Result));
        Assert.Equal(["CohortInstructor", "Editor"], box.FindAll("[data-testid=mention-suggestion]").Select(o => o.TextContent));
        Assert.Equal("true", box.Find("[data-testid=mention-suggestion]").GetAttribute("aria-selected"));

        // Arrow down, arrow up, arrow up wraps to the last; Enter takes the highlighted one and closes the list.
        await box.InvokeAsync(() => box.Instance.Move(1));
        Assert.Equal("Editor", box.Find("[aria-selected=true]").TextContent);
        await box.InvokeAsync(() => box.Instance.Move(-1));
        await box.InvokeAsync(() => box.Instance.Move(-1));
        Assert.Equal("Editor", box.Find("[aria-selected=true]").TextContent);
        var mention = await box.InvokeAsync(() => box.Instance.Pick(null));
        Assert.Equal("@Editor ", mention);
        Assert.Empty(box.FindAll("[data-testid=mention-suggestions]"));

        var before = await Comments.UnreadCountAsync(editor);
        await Comments.AddAsync(owner, workspace.Id, "workspace", workspace.Id.ToString(), mention + "please check the pitch");
        Assert.Equal(before + 1, await Comments.UnreadCountAsync(editor));
    }

    [Fact]
    public async Task Nothing_is_listed_without_a_match_or_after_the_list_is_closed()
    {
        var workspace = await world.NewWorkspaceAsync();
        await using var context = PortalComponentTestContext.Create(out _, services => services.AddSingleton(Comments));
        var box = context.Render<MentionBox>(parameters => parameters.Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, world.Id(Persona.Owner)!).Add(p => p.DraftKey, "k"));
        box.WaitForAssertion(() => Assert.Equal(3, box.InvokeAsync(() => box.Instance.Suggest("")).Result));

        Assert.Equal(0, await box.InvokeAsync(() => box.Instance.Suggest("nobody")));
        Assert.Empty(box.FindAll("[data-testid=mention-suggestion]"));
        await box.InvokeAsync(() => box.Instance.Suggest("view"));
        await box.InvokeAsync(() => box.Instance.Suggest(null));
        Assert.Empty(box.FindAll("[data-testid=mention-suggestion]"));
        Assert.Null(await box.InvokeAsync(() => box.Instance.Pick(null)));
    }

    [Fact]
    public async Task A_box_removed_while_its_script_loads_attaches_nothing_and_lets_the_script_go()
    {
        var workspace = await world.NewWorkspaceAsync();
        var browser = new ScriptHeldBack();
        await using var context = PortalComponentTestContext.Create(out _, services => services.AddSingleton(Comments).AddSingleton<IJSRuntime>(browser));
        var box = context.Render<MentionBox>(parameters => parameters.Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, world.Id(Persona.Owner)!).Add(p => p.DraftKey, "k"));
        box.WaitForAssertion(() => Assert.True(browser.ImportAsked));

        // Another item is opened (the box leaves the page) before the browser has sent the script.
        await context.DisposeComponentsAsync();
        browser.SendScript();

        box.WaitForAssertion(() => Assert.True(browser.Module.Disposed));
        Assert.DoesNotContain("attach", browser.Module.Calls);
    }

    /// <summary>A browser that sends the box's script only when told, and records what the box asks of the script.</summary>
    private sealed class ScriptHeldBack : IJSRuntime
    {
        private readonly TaskCompletionSource<IJSObjectReference> script = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RecordingModule Module { get; } = new();

        public bool ImportAsked { get; private set; }

        public void SendScript() => script.SetResult(Module);

        public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args)
        {
            if (identifier != "import")
            {
                return default!;
            }

            ImportAsked = true;
            return (TValue)await script.Task;
        }

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => InvokeAsync<TValue>(identifier, args);
    }

    private sealed class RecordingModule : IJSObjectReference
    {
        public List<string> Calls { get; } = [];

        public bool Disposed { get; private set; }

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args)
        {
            Calls.Add(identifier);
            return ValueTask.FromResult(default(TValue)!);
        }

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => InvokeAsync<TValue>(identifier, args);

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
