using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Events;

/// <summary>Two real portals on one PostgreSQL database and one Redis, as two nodes behind the load balancer.</summary>
public sealed class TwoPortalNodesTests
{
    [Fact]
    public async Task A_note_added_on_one_node_reaches_a_canvas_open_on_the_other()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var prefix = RedisNode.NewPrefix();
        await using var first = new RedisNodeFactory(database, prefix, TestServers.Redis);
        await using var second = new RedisNodeFactory(database, prefix, TestServers.Redis);
        var owner = await TestUsers.CreateAsync(first.Services, "Owner", PortalRoles.Founder);
        var workspace = await first.Services.GetRequiredService<WorkspaceService>()
            .CreateAsync(owner, new WorkspaceInput("Two nodes", "Pitch", WorkspaceStage.Idea, "Retail"));
        var events = second.Services.GetRequiredService<IWorkspaceEvents>();
        Assert.IsType<RedisWorkspaceEvents>(events);
        var changes = new List<WorkspaceChange>();
        using var canvasPage = events.Subscribe(workspace.Id, change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }

            return Task.CompletedTask;
        });

        var note = await first.Services.GetRequiredService<CanvasService>().AddNoteAsync(owner, workspace.Id, CanvasBlock.KeyPartners, "A bakery chain", NoteColour.Pink);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Any(c => c.Topic == CanvasService.Topic));
        var arrived = Assert.IsType<ItemChanges<NoteView>>(changes.First(c => c.Topic == CanvasService.Topic).Changes);
        Assert.Equal(note, Assert.Single(arrived.Upserted));
    }
}
