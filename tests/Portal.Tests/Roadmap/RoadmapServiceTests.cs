using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Kpis;
using Portal.Features.Plan;
using Portal.Features.Research;
using Portal.Features.Risks;
using Portal.Features.Roadmap;
using Portal.Features.Timeline;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Roadmap;

public sealed class RoadmapServiceTests(WorkspaceWorld world) : RoadmapServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class RoadmapServiceTestsOnPostgres(PostgresWorkspaceWorld world) : RoadmapServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class RoadmapServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private RoadmapService Roadmap => world.Services.GetRequiredService<RoadmapService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("To update"));
        var doomed = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("To delete"));
        var toUpdate = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("To update"));
        var toMove = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("To move"));
        var toDelete = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("To delete"));

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Roadmap.CreateMilestoneAsync(user, workspace.Id, Milestone("New"))),
            await AccessOutcome.OfAsync(() => Roadmap.UpdateMilestoneAsync(user, workspace.Id, milestone.Id, milestone.ToInput() with { Title = "Updated" }, milestone.Version)),
            await AccessOutcome.OfAsync(() => Roadmap.DeleteMilestoneAsync(user, workspace.Id, doomed.Id)),
            await AccessOutcome.OfAsync(() => Roadmap.CreateTaskAsync(user, workspace.Id, RoadmapTaskInput.Named("New"))),
            await AccessOutcome.OfAsync(() => Roadmap.UpdateTaskAsync(user, workspace.Id, toUpdate.Id, toUpdate.ToInput() with { Title = "Updated" }, toUpdate.Version)),
            await AccessOutcome.OfAsync(() => Roadmap.MoveTaskAsync(user, workspace.Id, toMove.Id, RoadmapTaskStatus.Doing, 0, toMove.Version)),
            await AccessOutcome.OfAsync(() => Roadmap.DeleteTaskAsync(user, workspace.Id, toDelete.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Roadmap.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(allowed ? ["New", "Updated"] : ["To delete", "To update"], stored.Milestones.Select(m => m.Title).Order());
        Assert.Equal(
            allowed ? ["New:ToDo", "To move:Doing", "Updated:ToDo"] : ["To delete:ToDo", "To move:ToDo", "To update:ToDo"],
            stored.Tasks.Select(t => $"{t.Title}:{t.Status}").Order());

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        var seen = await Roadmap.GetAsync(world.Id(persona), workspace.Id);
        Assert.Equal(reads, seen is { Tasks.Count: 3, Milestones.Count: 2 });
        Assert.Equal(reads, (await world.Services.GetServices<IPlanSection>().OfType<RoadmapPlanSection>().Single().ToMarkdownAsync(user, workspace.Id, default)).Length > 0);
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bad = new RoadmapTaskInput(" ", new string('x', RoadmapTask.DescriptionMaxLength + 1), null, Today, Today.AddDays(-1), 0, RoadmapTaskStatus.ToDo, null, null, null, null);

        var task = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateTaskAsync(Owner, workspace.Id, bad));
        var estimate = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Big") with { EstimateDays = 366 }));
        var milestone = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateMilestoneAsync(Owner, workspace.Id, new MilestoneInput("", null, "", [])));

        Assert.Equal(
            ["Title:Validation.RequiredField", "Description:Validation.TooLong", "EstimateDays:Roadmap.Error.Estimate", "DueOn:Roadmap.Error.DueBeforeStart"],
            task.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(("EstimateDays", 365.0), (estimate.Errors.Single().Field, (double)estimate.Errors.Single().Arguments[0]));
        Assert.Equal(["Title:Validation.RequiredField", "DueOn:Validation.RequiredField"], milestone.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        var stored = (await Roadmap.GetAsync(Owner, workspace.Id))!;
        Assert.Empty(stored.Tasks);
        Assert.Empty(stored.Milestones);
    }

    [Fact]
    public async Task Every_link_must_name_an_item_of_the_same_workspace_and_the_assignee_one_of_its_members()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();
        var (milestone, requirement, risk, kpi) = await LinkTargetsAsync(workspace.Id, "Here");
        var (otherMilestone, otherRequirement, otherRisk, otherKpi) = await LinkTargetsAsync(other.Id, "There");
        var foreign = new RoadmapTaskInput("Foreign links", "", world.Id(Persona.Stranger), null, null, null, RoadmapTaskStatus.ToDo, otherMilestone, otherRequirement, otherRisk, otherKpi);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateTaskAsync(Owner, workspace.Id, foreign));
        var milestoneRefused = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Foreign KPI") with { KpiIds = [kpi, otherKpi] }));
        var linked = await Roadmap.CreateTaskAsync(Owner, workspace.Id, foreign with
        {
            Title = "Own links", AssigneeId = world.Id(Persona.Viewer), MilestoneId = milestone, RequirementId = requirement, RiskId = risk, KpiId = kpi,
        });

        Assert.Equal(
            ["AssigneeId:Roadmap.Error.NotAMember", "MilestoneId:Roadmap.Error.NoSuchItem", "RequirementId:Roadmap.Error.NoSuchItem", "RiskId:Roadmap.Error.NoSuchItem", "KpiId:Roadmap.Error.NoSuchItem"],
            refused.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal("KpiIds:Roadmap.Error.NoSuchKpi", string.Join(" ", milestoneRefused.Errors.Select(e => $"{e.Field}:{e.MessageKey}")));
        Assert.Equal((world.Id(Persona.Viewer), milestone, requirement, risk, kpi), (linked.AssigneeId, linked.MilestoneId, linked.RequirementId, linked.RiskId, linked.KpiId));
        Assert.Equal(["Own links"], (await Roadmap.GetAsync(Owner, workspace.Id))!.Tasks.Select(t => t.Title));
    }

    [Fact]
    public async Task A_workspace_holds_at_most_fifty_milestones_and_a_thousand_tasks()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < Features.Roadmap.Milestone.MaxPerWorkspace; i++)
        {
            await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone($"Milestone {i}"));
        }

        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.AddRange(Enumerable.Range(0, RoadmapTask.MaxPerWorkspace).Select(i => new RoadmapTask { WorkspaceId = workspace.Id, Title = $"Task {i}", Position = i }));
            await db.SaveChangesAsync();
        }

        var milestone = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("One too many")));
        var task = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("One too many")));
        var gone = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.UpdateMilestoneAsync(Owner, workspace.Id, Guid.NewGuid(), Milestone("x"), Guid.NewGuid()));

        Assert.Equal(("Roadmap.Error.TooManyMilestones", 50), (milestone.Errors[0].MessageKey, (int)milestone.Errors[0].Arguments[0]));
        Assert.Equal(("Roadmap.Error.TooManyTasks", 1000), (task.Errors[0].MessageKey, (int)task.Errors[0].Arguments[0]));
        Assert.Equal(RoadmapService.NoMilestoneKey, gone.Errors[0].MessageKey);
        var stored = (await Roadmap.GetAsync(Owner, workspace.Id))!;
        Assert.Equal((50, 1000), (stored.Milestones.Count, stored.Tasks.Count));
    }

    [Fact]
    public async Task A_milestone_names_at_most_ten_kpis()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpis = new List<Guid>();
        for (var i = 0; i <= Features.Roadmap.Milestone.MaxKpis; i++)
        {
            kpis.Add((await CreateKpiAsync(workspace.Id, $"KPI {i}", 0, 100, KpiDirection.Increase)).Id);
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Many") with { KpiIds = kpis }));
        var ten = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Ten") with { KpiIds = [.. kpis.Take(10), kpis[0]] });

        Assert.Equal(("KpiIds", "Roadmap.Error.TooManyKpis"), (refused.Errors[0].Field, refused.Errors[0].MessageKey));
        Assert.Equal(10, ten.Kpis.Count);
    }

    [Fact]
    public async Task A_stale_save_or_move_is_refused_with_the_current_item_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var task = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Write the pitch"));
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Pilot"));
        var bos = await Roadmap.UpdateTaskAsync(world.Id(Persona.Editor)!, workspace.Id, task.Id, task.ToInput() with { Title = "Write the pitch, by Bo" }, task.Version);
        var bosMilestone = await Roadmap.UpdateMilestoneAsync(world.Id(Persona.Editor)!, workspace.Id, milestone.Id, milestone.ToInput() with { Title = "Pilot, by Bo" }, milestone.Version);

        var save = await Assert.ThrowsAsync<ConcurrencyConflictException<RoadmapTaskView>>(() =>
            Roadmap.UpdateTaskAsync(Owner, workspace.Id, task.Id, task.ToInput() with { Title = "Write the pitch, by Ada" }, task.Version));
        var move = await Assert.ThrowsAsync<ConcurrencyConflictException<RoadmapTaskView>>(() =>
            Roadmap.MoveTaskAsync(Owner, workspace.Id, task.Id, RoadmapTaskStatus.Done, 0, task.Version));
        var milestoneSave = await Assert.ThrowsAsync<ConcurrencyConflictException<MilestoneView>>(() =>
            Roadmap.UpdateMilestoneAsync(Owner, workspace.Id, milestone.Id, milestone.ToInput() with { Title = "Pilot, by Ada" }, milestone.Version));

        Assert.All([save.Current, move.Current], current => Assert.Equal(("Write the pitch, by Bo", bos.Version, RoadmapTaskStatus.ToDo), (current.Title, current.Version, current.Status)));
        Assert.Equal(("Pilot, by Bo", bosMilestone.Version), (milestoneSave.Current.Title, milestoneSave.Current.Version));
        var stored = (await Roadmap.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(("Write the pitch, by Bo", RoadmapTaskStatus.ToDo, bos.Version), (stored.Tasks[0].Title, stored.Tasks[0].Status, stored.Tasks[0].Version));
        Assert.Equal("Pilot, by Bo", stored.Milestones[0].Title);
    }

    [Fact]
    public async Task Moves_keep_both_columns_numbered_from_nought_without_gaps_in_the_order_asked()
    {
        var workspace = await world.NewWorkspaceAsync();
        foreach (var title in new[] { "A", "B", "C", "D" })
        {
            await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named(title));
        }

        foreach (var title in new[] { "X", "Y" })
        {
            await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named(title, RoadmapTaskStatus.Doing));
        }

        var b = await TaskAsync(workspace.Id, "B");
        await Roadmap.MoveTaskAsync(Owner, workspace.Id, b.Id, RoadmapTaskStatus.Doing, 1, b.Version);
        Assert.Equal(["ToDo:A:0", "ToDo:C:1", "ToDo:D:2", "Doing:X:0", "Doing:B:1", "Doing:Y:2"], await BoardAsync(workspace.Id));

        var a = await TaskAsync(workspace.Id, "A");
        await Roadmap.MoveTaskAsync(Owner, workspace.Id, a.Id, RoadmapTaskStatus.ToDo, 99, a.Version);
        var y = await TaskAsync(workspace.Id, "Y");
        var moved = await Roadmap.MoveTaskAsync(Owner, workspace.Id, y.Id, RoadmapTaskStatus.Done, -3, y.Version);
        Assert.Equal(["ToDo:C:0", "ToDo:D:1", "ToDo:A:2", "Doing:X:0", "Doing:B:1", "Done:Y:0"], await BoardAsync(workspace.Id));
        Assert.NotNull(moved.CompletedAt);

        // An edit that changes the column puts the task at the end of the new one; a delete closes the gap.
        var c = await TaskAsync(workspace.Id, "C");
        await Roadmap.UpdateTaskAsync(Owner, workspace.Id, c.Id, c.ToInput() with { Status = RoadmapTaskStatus.Doing }, c.Version);
        await Roadmap.DeleteTaskAsync(Owner, workspace.Id, (await TaskAsync(workspace.Id, "X")).Id);
        var back = await Roadmap.MoveTaskAsync(Owner, workspace.Id, moved.Id, RoadmapTaskStatus.Blocked, 0, moved.Version);
        Assert.Equal(["ToDo:D:0", "ToDo:A:1", "Doing:B:0", "Doing:C:1", "Blocked:Y:0"], await BoardAsync(workspace.Id));
        Assert.Null(back.CompletedAt);
    }

    [Fact]
    public async Task A_milestone_s_progress_weighs_tasks_by_estimate_when_all_have_one_and_it_is_reached_when_all_are_done()
    {
        var workspace = await world.NewWorkspaceAsync();
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Pilot"));
        var tasks = new List<RoadmapTaskView>();
        foreach (var (title, days) in new[] { ("Two", 2.0), ("Three", 3.0), ("Five", 5.0) })
        {
            tasks.Add(await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named(title) with { MilestoneId = milestone.Id, EstimateDays = days }));
        }

        await DoneAsync(workspace.Id, tasks[0]);
        await DoneAsync(workspace.Id, tasks[2]);
        // Done 2 + 5 of 2 + 3 + 5 days: 70 %.
        var weighed = await MilestoneAsync(workspace.Id, milestone.Id);
        Assert.Equal((2, 3, 0.7, false), (weighed.TasksDone, weighed.TasksTotal, Math.Round(weighed.Progress, 6), weighed.Reached));

        // One task without an estimate: by count, 2 of 4.
        var unsized = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Unsized") with { MilestoneId = milestone.Id });
        Assert.Equal(0.5, (await MilestoneAsync(workspace.Id, milestone.Id)).Progress);

        await DoneAsync(workspace.Id, tasks[1]);
        await DoneAsync(workspace.Id, unsized);
        var reached = await MilestoneAsync(workspace.Id, milestone.Id);
        Assert.Equal((1.0, true), (reached.Progress, reached.Reached));

        // Reopening a task makes it not reached again.
        var current = await TaskAsync(workspace.Id, "Unsized");
        await Roadmap.MoveTaskAsync(Owner, workspace.Id, current.Id, RoadmapTaskStatus.Doing, 0, current.Version);
        Assert.Null((await MilestoneAsync(workspace.Id, milestone.Id)).ReachedAt);
        Assert.Equal(0.0, RoadmapProgress.Of([]));
    }

    [Fact]
    public async Task A_milestone_that_names_kpis_is_reached_when_every_one_is_on_track_and_no_longer_when_one_falls_behind()
    {
        var workspace = await world.NewWorkspaceAsync();
        // Both paths run from 60 days ago to 60 days ahead, so today is halfway: A plans 0 → 100 (50 today), B 200 → 100 (150 today).
        var a = await CreateKpiAsync(workspace.Id, "Paying mills", 0, 100, KpiDirection.Increase);
        var b = await CreateKpiAsync(workspace.Id, "Minutes to first answer", 200, 100, KpiDirection.Decrease);
        var kpis = world.Services.GetRequiredService<KpiService>();
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Pilot live") with { KpiIds = [a.Id, b.Id] });
        // A task of its own, done, does not make it reached: its KPIs decide.
        await DoneAsync(workspace.Id, await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Ship") with { MilestoneId = milestone.Id }));
        Assert.Equal([KpiStatus.NoData, KpiStatus.NoData], (await MilestoneAsync(workspace.Id, milestone.Id)).Kpis.Select(k => k.Status));
        Assert.False((await MilestoneAsync(workspace.Id, milestone.Id)).Reached);

        // A: 48 is 2 behind of 100 (2 %, on track). B: 160 is 10 behind of 100 (10 %, at risk).
        await kpis.AddMeasurementAsync(Owner, workspace.Id, a.Id, Today, 48);
        await kpis.AddMeasurementAsync(Owner, workspace.Id, b.Id, Today, 160);
        var atRisk = await MilestoneAsync(workspace.Id, milestone.Id);
        Assert.Equal(["Minutes to first answer:AtRisk", "Paying mills:OnTrack"], atRisk.Kpis.Select(k => $"{k.Name}:{k.Status}"));
        Assert.False(atRisk.Reached);

        // B: 152 is 2 behind (2 %): both on track, reached.
        await kpis.AddMeasurementAsync(Owner, workspace.Id, b.Id, Today, 152);
        var reached = await MilestoneAsync(workspace.Id, milestone.Id);
        Assert.True(reached.Reached);
        var reachedAt = reached.ReachedAt;
        Assert.Equal(reachedAt, (await MilestoneAsync(workspace.Id, milestone.Id)).ReachedAt);

        // A: 30 is 20 behind (20 %, off track): no longer reached.
        await kpis.AddMeasurementAsync(Owner, workspace.Id, a.Id, Today, 30);
        var behind = await MilestoneAsync(workspace.Id, milestone.Id);
        Assert.Equal((false, KpiStatus.OffTrack), (behind.Reached, behind.Kpis.Single(k => k.KpiId == a.Id).Status));
    }

    [Fact]
    public async Task The_timeline_shows_milestones_reached_and_tasks_done_newest_first()
    {
        var workspace = await world.NewWorkspaceAsync();
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Pilot"));
        var first = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("First") with { MilestoneId = milestone.Id });
        await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Open"));
        await DoneAsync(workspace.Id, first);
        var source = world.Services.GetServices<ITimelineSource>().OfType<RoadmapTimelineSource>().Single();
        var access = new WorkspaceAccess(workspace.Id, workspace.Slug, workspace.Name, Owner, WorkspaceRole.Owner, false, false);

        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var entries = await source.ReadAsync(db, access, null, 10, default);
        var older = await source.ReadAsync(db, access, entries[0].At, 10, default);

        Assert.Equal("milestone", source.Group);
        Assert.Equal(2, entries.Count);
        Assert.Equal(["First", "Pilot"], entries.Select(e => e.Title).Order());
        Assert.True(entries[0].At >= entries[1].At);
        Assert.All(entries, e => Assert.Equal(($"/w/{workspace.Slug}/roadmap", "milestone"), (e.Link, e.Group)));
        Assert.True(older.Count <= 1);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_what_changed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Pilot"));
        var task = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Call mills") with { MilestoneId = milestone.Id });
        var moved = await Roadmap.MoveTaskAsync(Owner, workspace.Id, task.Id, RoadmapTaskStatus.Doing, 0, task.Version);
        await Roadmap.DeleteTaskAsync(Owner, workspace.Id, task.Id);
        await Roadmap.DeleteMilestoneAsync(Owner, workspace.Id, milestone.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == RoadmapService.Topic) == 5);
        var carried = changes.Where(c => c.Topic == RoadmapService.Topic).Select(c => Assert.IsType<RoadmapChanges>(c.Changes)).ToList();
        Assert.Equal(milestone.Id, Assert.Single(carried[0].Milestones).Id);
        Assert.Equal((task.Id, 1), (Assert.Single(carried[1].Tasks).Id, carried[1].Milestones.Single().TasksTotal));
        Assert.Equal((RoadmapTaskStatus.Doing, moved.Version), (carried[2].Tasks.Single().Status, carried[2].Tasks.Single().Version));
        Assert.Equal([task.Id], carried[3].Removed);
        Assert.Equal([milestone.Id], carried[4].Removed);

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [("roadmap.milestone.deleted", "Pilot"), ("roadmap.task.deleted", "Call mills"), ("roadmap.moved", "Call mills"), ("roadmap.task", "Call mills"), ("roadmap.milestone", "Pilot")],
            activity.Where(a => a.Kind.StartsWith("roadmap.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("roadmap.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/roadmap", a.Link));
    }

    [Fact]
    public async Task The_plan_escapes_the_team_s_text_and_the_dashboard_counts_tasks_done_and_milestones_reached()
    {
        var workspace = await world.NewWorkspaceAsync();
        var empty = await world.NewWorkspaceAsync();
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspace.Id, Milestone("Pilot <b>\n[go](javascript:x)"));
        var done = await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("Ship") with { MilestoneId = milestone.Id });
        await DoneAsync(workspace.Id, done);
        await Roadmap.CreateTaskAsync(Owner, workspace.Id, RoadmapTaskInput.Named("# Call _mills_", RoadmapTaskStatus.Blocked));

        var markdown = await world.Services.GetServices<IPlanSection>().OfType<RoadmapPlanSection>().Single().ToMarkdownAsync(Owner, workspace.Id, default);
        var cells = await world.Services.GetServices<ICohortDashboardColumn>().OfType<RoadmapCountColumn>().Single().GetAsync([workspace.Id, empty.Id], default);

        Assert.Contains("- Pilot &lt;b&gt; \\[go\\](javascript:x) — ", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.Contains("- " + UserMarkdown.EscapeText("# Call _mills_"), markdown, StringComparison.Ordinal);
        Assert.Equal("1/2 · 1/1", cells[workspace.Id].Text);
        Assert.False(cells.ContainsKey(empty.Id));
        var atAGlance = await world.Services.GetRequiredService<CohortDashboardService>().GetWorkspaceFiguresAsync(Owner, workspace.Id);
        Assert.Equal("1/2 · 1/1", atAGlance.Single(f => f.TitleKey == "Dashboard.Roadmap").Cell!.Text);
    }

    private static MilestoneInput Milestone(string title) => new(title, Today.AddDays(30), "Three mills use it weekly", []);

    private async Task<MilestoneView> MilestoneAsync(Guid workspaceId, Guid id) => (await Roadmap.GetAsync(Owner, workspaceId))!.Milestones.Single(m => m.Id == id);

    private async Task<RoadmapTaskView> TaskAsync(Guid workspaceId, string title) => (await Roadmap.GetAsync(Owner, workspaceId))!.Tasks.Single(t => t.Title == title);

    private async Task<List<string>> BoardAsync(Guid workspaceId) =>
        [.. (await Roadmap.GetAsync(Owner, workspaceId))!.Tasks.Select(t => $"{t.Status}:{t.Title}:{t.Position}")];

    private async Task DoneAsync(Guid workspaceId, RoadmapTaskView task)
    {
        var current = (await Roadmap.GetAsync(Owner, workspaceId))!.Tasks.Single(t => t.Id == task.Id);
        await Roadmap.MoveTaskAsync(Owner, workspaceId, task.Id, RoadmapTaskStatus.Done, int.MaxValue, current.Version);
    }

    private Task<KpiView> CreateKpiAsync(Guid workspaceId, string name, double baseline, double target, KpiDirection direction) =>
        world.Services.GetRequiredService<KpiService>().CreateAsync(Owner, workspaceId, new KpiInput(
            name, "n", baseline, target, direction, Today.AddDays(-60), Today.AddDays(60), "Specific", "Measured monthly", "Achievable", "Relevant", null, null, Owner));

    private async Task<(Guid Milestone, Guid Requirement, Guid Risk, Guid Kpi)> LinkTargetsAsync(Guid workspaceId, string name)
    {
        var milestone = await Roadmap.CreateMilestoneAsync(Owner, workspaceId, Milestone(name));
        var risk = await world.Services.GetRequiredService<RiskService>().CreateAsync(Owner, workspaceId,
            new RiskInput(RiskCategory.MarketCompetition, $"{name} risk", "", 3, 3, Owner, "", null, RiskStatus.Open, 1, 1));
        var kpi = await CreateKpiAsync(workspaceId, $"{name} KPI", 0, 10, KpiDirection.Increase);
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var requirement = new Requirement { WorkspaceId = workspaceId, Title = $"{name} requirement", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.Add(requirement);
        await db.SaveChangesAsync();
        return (milestone.Id, requirement.Id, risk.Id, kpi.Id);
    }
}
