using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.Tests.Workspaces;

namespace Portal.Tests.ModelLab;

/// <summary>
/// Issue 12, finding 5 (four uploads at once): the memory one parse may take bounds all uploads together only if a node
/// parses one upload at a time. Watched through the service's hooks at its gate, in the order things happen, never by time.
/// </summary>
public sealed class DatasetParseGateTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void One_parse_may_allocate_about_110_MB_at_the_default_limit() =>
        Assert.InRange(new ModelLabOptions().ParseMemoryBytes, 109_900_000, 111_000_000);

    [Fact]
    public async Task Two_uploads_at_once_are_parsed_one_after_the_other()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var uploads = world.Services.GetRequiredService<DatasetUploadService>();
        var firstParsing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new ConcurrentQueue<string>();
        bool? firstSavedWhenSecondBegan = null;
        uploads.WaitingToParse = name =>
        {
            if (name == "Second")
            {
                secondWaiting.TrySetResult();
            }
        };
        uploads.Parsing = async name =>
        {
            entered.Enqueue(name);
            if (name == "First")
            {
                firstParsing.TrySetResult();
                await releaseFirst.Task;
            }
            else
            {
                // The first upload's parse and save are done before the second's parse begins.
                await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
                firstSavedWhenSecondBegan = await db.Set<LabDataset>().AnyAsync(d => d.WorkspaceId == workspace.Id && d.Name == "First");
            }
        };

        try
        {
            var first = uploads.UploadAsync(owner, workspace.Id, "First", [("first.csv", LabDatasetTests.Csv(200))]);
            await firstParsing.Task.WaitAsync(Patience);
            var second = uploads.UploadAsync(owner, workspace.Id, "Second", [("second.csv", LabDatasetTests.Csv(200))]);

            // The second upload, its file saved, finds the first parse under way and waits at the gate.
            await secondWaiting.Task.WaitAsync(Patience);
            Assert.Equal(["First"], entered);

            releaseFirst.SetResult();
            await Task.WhenAll(first, second).WaitAsync(Patience);
            Assert.Equal(["First", "Second"], entered);
            Assert.True(firstSavedWhenSecondBegan);
            Assert.Equal("Second", (await second).Name);
        }
        finally
        {
            uploads.Parsing = null;
            uploads.WaitingToParse = null;
            releaseFirst.TrySetResult();
        }
    }
}
