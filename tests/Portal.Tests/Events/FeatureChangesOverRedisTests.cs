using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Canvas;
using Portal.Features.Comments;
using Portal.Features.Exercises;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Tests.Kpis;
using Portal.Tests.ModelLab;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Events;

/// <summary>The changes the features really publish, each kind of <c>Changes</c> at least once, cross two Redis nodes whole.</summary>
public sealed class FeatureChangesOverRedisTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    /// <summary>Every type of <c>Changes</c> the features publish (<c>Changes =</c>, <c>ItemChanges.Of</c>, <c>new ItemChanges</c> in src/Portal/Features).</summary>
    private static readonly Type[] Published =
    [
        typeof(ItemChanges<NoteView>), typeof(ItemChanges<SnapshotInfo>), typeof(ItemChanges<KpiView>), typeof(ItemChanges<RiskView>),
        typeof(ItemChanges<CommentView>), typeof(ItemChanges<AnnouncementView>), typeof(ItemChanges<TeamExercise>),
        typeof(ItemChanges<WorkspaceDetails>), typeof(RunProgressUpdate),
    ];

    [Fact]
    public async Task Every_kind_of_change_a_feature_publishes_arrives_on_another_node_as_it_was_sent()
    {
        var published = await PublishOneOfEachKindAsync();
        Assert.Equal(Published.ToHashSet(), published.Where(c => c.Changes is not null).Select(c => c.Changes!.GetType()).ToHashSet());
        var prefix = RedisNode.NewPrefix();
        await using var first = await RedisNode.StartAsync(prefix);
        await using var second = await RedisNode.StartAsync(prefix);
        var arrived = new List<WorkspaceChange>();
        using var page = second.Record(published[0].WorkspaceId, arrived);

        foreach (var change in published)
        {
            await first.Events.PublishAsync(change);
        }

        await WorkspaceWorld.WaitForChangesAsync(arrived, seen => seen.Count == published.Count);
        lock (arrived)
        {
            Assert.All(published.Zip(arrived), pair =>
            {
                Assert.Equal(pair.First with { Changes = null }, pair.Second with { Changes = null });
                Assert.Equal(pair.First.Changes?.GetType(), pair.Second.Changes?.GetType());
                // Records with lists compare their lists by reference: their JSON shows every value.
                Assert.Equal(Json(pair.First.Changes), Json(pair.Second.Changes));
            });
        }
    }

    /// <summary>What the in-process events of one portal carry while each feature does one thing of each kind.</summary>
    private async Task<List<WorkspaceChange>> PublishOneOfEachKindAsync()
    {
        var services = world.Services;
        var workspace = await world.NewWorkspaceAsync();
        var (owner, editor, instructor) = (world.Id(Persona.Owner)!, world.Id(Persona.Editor)!, world.Id(Persona.CohortInstructor)!);
        var cohortId = workspace.CohortId!.Value;
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var canvas = services.GetRequiredService<CanvasService>();
        await canvas.AddNoteAsync(owner, workspace.Id, CanvasBlock.Channels, "Pop-up stores", NoteColour.Blue);
        await canvas.CreateSnapshotAsync(owner, workspace.Id, "Before the pivot");
        await services.GetRequiredService<KpiService>().CreateAsync(owner, workspace.Id, KpiTestData.Input(owner));
        await services.GetRequiredService<RiskService>().CreateAsync(owner, workspace.Id,
            new RiskInput(RiskCategory.TechnicalAlgorithm, "Model misses recall", "", 4, 5, null, "Human review", DateOnly.FromDateTime(DateTime.UtcNow), RiskStatus.Open, 2, 5));
        await services.GetRequiredService<CommentService>().AddAsync(owner, workspace.Id, "workspace", workspace.Id.ToString(), "Is the pitch **clear**?");
        await services.GetRequiredService<AnnouncementService>().PostAsync(instructor, cohortId, "Demo day on *Friday*");
        var exercises = services.GetRequiredService<ExerciseService>();
        var exerciseId = await exercises.PostAsync(instructor, cohortId, new ExerciseInput("Fill the canvas", "All nine blocks", "canvas", DateTimeOffset.UtcNow.AddDays(2)));
        await exercises.SetSubmittedAsync(editor, workspace.Id, exerciseId, true);
        await services.GetRequiredService<WorkspaceService>().UpdateDetailsAsync(
            owner, workspace.Id, new WorkspaceInput(workspace.Name, "A sharper pitch", workspace.Stage, workspace.Industry), workspace.Version);
        var lab = services.GetRequiredService<TrainingService>();
        var runId = await lab.EnqueueAsync(owner, workspace.Id, TrainingServiceChecks<WorkspaceWorld>.ShortRun);
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Any(c => c.Changes is RunProgressUpdate));
        // One progress report is all this needs: the rest of the training would only take the CPU from other tests.
        await lab.CancelAsync(owner, workspace.Id, runId);

        lock (changes)
        {
            return [.. changes];
        }
    }

    private static string Json(object? changes) =>
        changes is null ? "null" : JsonSerializer.Serialize(changes, changes.GetType(), WorkspaceChangeSerializer.Options);
}
