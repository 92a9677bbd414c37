using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Decisions;
using Portal.Features.Exercises;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Timeline;
using Portal.Tests.Kpis;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Timeline;

public sealed class TimelineServiceTests(WorkspaceWorld world) : TimelineServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TimelineServiceTestsOnPostgres(PostgresWorkspaceWorld world) : TimelineServiceChecks<PostgresWorkspaceWorld>(world);

/// <summary>The workspace timeline: every source merged newest first, paged by moment, filtered by group, read only by those who may.</summary>
public abstract class TimelineServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private TimelineService Timeline => world.Services.GetRequiredService<TimelineService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task Entries_of_every_source_are_merged_newest_first_each_with_its_link()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpiId = Guid.NewGuid();
        Guid runId = Guid.NewGuid(), failedId = Guid.NewGuid();
        await AddAsync(workspace.Id, db =>
        {
            db.Add(new CanvasSnapshot { WorkspaceId = workspace.Id, Name = "Before the pivot", CreatedById = Owner, CreatedAt = Start, Json = "{}" });
            db.Add(new ActivityEntry { WorkspaceId = workspace.Id, ActorName = "Owner", Kind = "risk.updated", Subject = "Data leak", Link = $"/w/{workspace.Slug}/risks", At = Start.AddHours(1) });
            db.Add(new ActivityEntry { WorkspaceId = workspace.Id, ActorName = "Owner", Kind = "canvas.added", Subject = "not a risk", At = Start.AddHours(2) });
            db.Add(Run(workspace.Id, runId, "Baseline CNN", RunStatus.Completed, Start.AddHours(3), 0.875));
            db.Add(Run(workspace.Id, failedId, "Too wide", RunStatus.Failed, Start.AddHours(4), null));
            db.Add(Run(workspace.Id, Guid.NewGuid(), "Still training", RunStatus.Running, null, null));
            db.Add(new Kpi { Id = kpiId, WorkspaceId = workspace.Id, Name = "Paying mills", Unit = "mills", Baseline = 20, Target = 60, StartDate = new(2026, 1, 1), Deadline = new(2026, 12, 31), CreatedAt = Start });
            db.Add(new KpiMeasurement { KpiId = kpiId, WorkspaceId = workspace.Id, Date = new(2026, 3, 3), Value = 25 });
            var decision = new Decision { WorkspaceId = workspace.Id, Question = "Which model?", DecidedOn = new(2026, 3, 4), Status = DecisionStatus.Accepted, CreatedAt = Start, UpdatedAt = Start };
            var option = new DecisionOption { DecisionId = decision.Id, Name = "Small CNN" };
            decision.ChosenOptionId = option.Id;
            db.Add(decision);
            db.Add(option);
            db.Add(new Decision { WorkspaceId = workspace.Id, Question = "Undecided", Status = DecisionStatus.Proposed, CreatedAt = Start, UpdatedAt = Start });
            var exercise = new Exercise { CohortId = workspace.CohortId!.Value, Title = "Draw your canvas", Instructions = "", Tool = "canvas", Deadline = Start.AddDays(9), CreatedById = world.Id(Persona.CohortInstructor)!, CreatedAt = Start };
            db.Add(exercise);
            db.Add(new ExerciseSubmission { ExerciseId = exercise.Id, WorkspaceId = workspace.Id, SubmittedById = Owner, SubmittedAt = Start.AddDays(3) });
        });

        var slice = await Timeline.ReadAsync(Owner, workspace.Id);

        Assert.Null(slice.Older);
        Assert.Equal(
            [
                ("exercise", "Draw your canvas", $"/w/{workspace.Slug}/canvas"),
                ("decision", "Which model?", $"/w/{workspace.Slug}/decisions"),
                ("kpi", "Paying mills", $"/w/{workspace.Slug}/kpis/{kpiId}"),
                ("run", "Too wide", $"/w/{workspace.Slug}/lab?run={failedId}"),
                ("run", "Baseline CNN", $"/w/{workspace.Slug}/lab?run={runId}"),
                ("risk", "Data leak", $"/w/{workspace.Slug}/risks"),
                ("canvas", "Before the pivot", $"/w/{workspace.Slug}/canvas"),
            ],
            slice.Entries.Select(e => (e.Group, e.Title, e.Link)));
        Assert.True(slice.Entries.Zip(slice.Entries.Skip(1)).All(p => p.First.At >= p.Second.At));
        Assert.Equal(Start.AddHours(3), slice.Entries.Single(e => e.Title == "Baseline CNN").At);
        Assert.Equal(("Owner", "Owner"), (slice.Entries.Single(e => e.Group == "canvas").ActorName, slice.Entries.Single(e => e.Group == "exercise").ActorName));
        Assert.All(slice.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Detail)));
    }

    [Fact]
    public async Task A_kpi_s_status_change_between_two_measurements_is_an_entry_and_a_run_s_measurement_stands_at_its_end()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpiId = Guid.NewGuid();
        var runId = Guid.NewGuid();
        var finished = new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.Zero);
        await AddAsync(workspace.Id, db =>
        {
            db.Add(Run(workspace.Id, runId, "Run 1", RunStatus.Completed, finished, 0.5));
            // 0 to 100 over 2026: on track at the start, then far below plan, then on plan again.
            db.Add(new Kpi { Id = kpiId, WorkspaceId = workspace.Id, Name = "Accuracy", Unit = "%", Baseline = 0, Target = 100, StartDate = new(2026, 1, 1), Deadline = new(2027, 1, 1), CreatedAt = Start });
            db.Add(new KpiMeasurement { KpiId = kpiId, WorkspaceId = workspace.Id, Date = new(2026, 1, 2), Value = 1 });
            db.Add(new KpiMeasurement { KpiId = kpiId, WorkspaceId = workspace.Id, Date = new(2026, 2, 1), Value = 2 });
            db.Add(new KpiMeasurement { KpiId = kpiId, WorkspaceId = workspace.Id, Date = new(2026, 3, 1), Value = 50, RunId = runId });
        });

        var kpi = (await Timeline.ReadAsync(Owner, workspace.Id, ["kpi"])).Entries;

        var expected = new[]
        {
            KpiStatusRule.Evaluate(0, 100, KpiDirection.Increase, new(2026, 1, 1), new(2027, 1, 1), (new DateOnly(2026, 1, 2), 1.0)).Status,
            KpiStatusRule.Evaluate(0, 100, KpiDirection.Increase, new(2026, 1, 1), new(2027, 1, 1), (new DateOnly(2026, 2, 1), 2.0)).Status,
            KpiStatusRule.Evaluate(0, 100, KpiDirection.Increase, new(2026, 1, 1), new(2027, 1, 1), (new DateOnly(2026, 3, 1), 50.0)).Status,
        };
        Assert.Equal(KpiStatus.OnTrack, expected[0]);
        Assert.NotEqual(KpiStatus.OnTrack, expected[1]);
        Assert.Equal(KpiStatus.OnTrack, expected[2]);
        // Three measurements and two changes of status, newest first: each change just above its measurement.
        Assert.Equal(5, kpi.Count);
        Assert.Equal(finished.AddTicks(1), kpi[0].At);
        Assert.Equal(finished, kpi[1].At);
        Assert.Contains("Run 1", kpi[1].Detail, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1), kpi[2].At);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), kpi[4].At);
        Assert.NotEqual(kpi[0].Detail, kpi[1].Detail);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats_and_never_split_one_moment()
    {
        var workspace = await world.NewWorkspaceAsync();
        await AddAsync(workspace.Id, db =>
        {
            for (var i = 0; i < 5; i++)
            {
                db.Add(new CanvasSnapshot { WorkspaceId = workspace.Id, Name = $"S{i}", CreatedById = Owner, CreatedAt = Start.AddMinutes(i), Json = "{}" });
            }

            // Two entries of one moment, from two sources, at the page boundary.
            db.Add(new ActivityEntry { WorkspaceId = workspace.Id, ActorName = "Owner", Kind = "risk.created", Subject = "R", At = Start.AddMinutes(2) });
        });

        var first = await Timeline.ReadAsync(Owner, workspace.Id, take: 3);
        Assert.Equal(["S4", "S3"], first.Entries.Select(e => e.Title));
        Assert.Equal(Start.AddMinutes(3), first.Older);

        var second = await Timeline.ReadAsync(Owner, workspace.Id, before: first.Older, take: 3);
        Assert.Equal(["S2", "R", "S1"], second.Entries.Select(e => e.Title));
        Assert.Equal(Start.AddMinutes(1), second.Older);

        var third = await Timeline.ReadAsync(Owner, workspace.Id, before: second.Older, take: 3);
        Assert.Equal(["S0"], third.Entries.Select(e => e.Title));
        Assert.Null(third.Older);
    }

    [Fact]
    public async Task A_filter_reads_only_its_groups()
    {
        var workspace = await world.NewWorkspaceAsync();
        await AddAsync(workspace.Id, db =>
        {
            db.Add(new CanvasSnapshot { WorkspaceId = workspace.Id, Name = "Snap", CreatedById = Owner, CreatedAt = Start, Json = "{}" });
            db.Add(Run(workspace.Id, Guid.NewGuid(), "Run", RunStatus.Completed, Start.AddHours(1), 0.9));
            db.Add(new ActivityEntry { WorkspaceId = workspace.Id, ActorName = "Owner", Kind = "risk.deleted", Subject = "Gone", At = Start.AddHours(2) });
        });

        Assert.Equal(["run"], (await Timeline.ReadAsync(Owner, workspace.Id, ["run"])).Entries.Select(e => e.Group));
        Assert.Equal(["risk", "canvas"], (await Timeline.ReadAsync(Owner, workspace.Id, ["canvas", "risk"])).Entries.Select(e => e.Group));
        Assert.Empty((await Timeline.ReadAsync(Owner, workspace.Id, ["milestone"])).Entries);
        Assert.Equal(3, (await Timeline.ReadAsync(Owner, workspace.Id, [])).Entries.Count);
        Assert.Equal(["canvas", "run"], TimelineGroups.Parse("run,bogus,canvas"));
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Readers), MemberType = typeof(AccessExpectations))]
    public async Task Members_and_the_cohort_s_instructor_read_the_timeline_and_nobody_else_learns_anything(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        await AddAsync(workspace.Id, db => db.Add(new CanvasSnapshot { WorkspaceId = workspace.Id, Name = "Snap", CreatedById = Owner, CreatedAt = Start, Json = "{}" }));

        var slice = await Timeline.ReadAsync(world.Id(persona), workspace.Id);

        Assert.Equal(allowed ? 1 : 0, slice.Entries.Count);
        Assert.Null(slice.Older);
    }

    private static TrainingRun Run(Guid workspaceId, Guid id, string name, RunStatus status, DateTimeOffset? finishedAt, double? accuracy) => new()
    {
        Id = id, WorkspaceId = workspaceId, CreatedById = "", Name = name, DatasetKey = LabDatasets.FashionMnist, SpecJson = "{}", OptionsJson = "{}",
        Status = status, CreatedAt = Start, FinishedAt = finishedAt, TestAccuracy = accuracy,
    };

    private async Task AddAsync(Guid workspaceId, Action<PortalDbContext> add)
    {
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        add(db);
        foreach (var run in db.ChangeTracker.Entries<TrainingRun>().Where(e => e.Entity.CreatedById.Length == 0))
        {
            run.Entity.CreatedById = Owner;
        }

        await db.SaveChangesAsync();
        Assert.NotEqual(Guid.Empty, workspaceId);
    }
}
