using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Kpis;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Workspaces;
using Portal.Features.Canvas;

namespace Portal.Tests.Kpis;

public sealed class KpiServiceTests(WorkspaceWorld world) : KpiServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KpiServiceTestsOnPostgres(PostgresWorkspaceWorld world) : KpiServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class KpiServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private KpiService Kpis => world.Services.GetRequiredService<KpiService>();

    private string Owner => world.Id(Persona.Owner)!;

    private string Editor => world.Id(Persona.Editor)!;

    private static DateOnly Today => KpiTestData.Today;

    [Fact]
    public async Task A_created_kpi_is_stored_with_its_smart_answers_and_recorded_in_the_activity_log()
    {
        var workspace = await world.NewWorkspaceAsync();

        var created = await Kpis.CreateAsync(Editor, workspace.Id, KpiTestData.Input(Owner) with { Name = "  Paying mills  ", Objective = "  " });

        var stored = Assert.Single(await Kpis.ListAsync(world.Id(Persona.Viewer), workspace.Id));
        Assert.Equal(created with { Measurements = stored.Measurements }, stored);
        Assert.Equal(("Paying mills", "mills", 20.0, 60.0, KpiDirection.Increase), (stored.Name, stored.Unit, stored.Baseline, stored.Target, stored.Direction));
        Assert.Equal((Today, Today.AddMonths(4)), (stored.StartDate, stored.Deadline));
        Assert.Equal(("Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills"), (stored.Specific, stored.Measurable, stored.Achievable, stored.Relevant));
        Assert.Equal((CanvasBlock.CustomerSegments, (string?)null), (stored.LinkedCanvasBlock, stored.Objective));
        Assert.Equal((Owner, "Owner"), (stored.OwnerUserId, stored.OwnerName));
        Assert.Equal(KpiStatus.NoData, stored.Status.Status);
        Assert.False(stored.Pace!.IsImplausible);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Contains(activity, a => a.Kind == "kpi.created" && a.Subject == "Paying mills" && a.Link == $"/w/{workspace.Slug}/kpis/{created.Id}");
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bad = new KpiInput(
            "", new string('u', 21), double.NaN, double.PositiveInfinity, KpiDirection.Increase, Today, Today,
            new string('s', 1001), new string('m', 1001), new string('a', 1001), new string('r', 1001), (CanvasBlock)42, new string('o', 201), "");

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, bad));

        Assert.Equal(
            [
                ("Name", "Validation.RequiredField"), ("Unit", "Validation.TooLong"), ("Specific", "Validation.TooLong"),
                ("Baseline", "Kpi.Error.NotANumber"), ("Target", "Kpi.Error.NotANumber"),
                ("Measurable", "Validation.TooLong"), ("Achievable", "Validation.TooLong"), ("Relevant", "Validation.TooLong"),
                ("LinkedCanvasBlock", "Validation.RequiredField"), ("Objective", "Validation.TooLong"), ("Objective", "Kpi.Error.LinkBoth"),
                ("OwnerUserId", "Validation.RequiredField"), ("Deadline", "Kpi.Error.DeadlineBeforeStart"),
            ],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Empty(await Kpis.ListAsync(Owner, workspace.Id));
    }

    [Theory]
    [InlineData(KpiDirection.Increase, 60.0, 20.0, "Direction", "Kpi.Error.DirectionIncrease")]
    [InlineData(KpiDirection.Decrease, 20.0, 60.0, "Direction", "Kpi.Error.DirectionDecrease")]
    [InlineData(KpiDirection.Decrease, 20.0, 20.0, "Target", "Kpi.Error.NoChange")]
    [InlineData(KpiDirection.Increase, 20.0, 2e12, "Target", "Kpi.Error.TooLarge")]
    public async Task The_direction_must_agree_with_baseline_and_target(KpiDirection direction, double baseline, double target, string field, string key)
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { Direction = direction, Baseline = baseline, Target = target }));

        Assert.Equal((field, key), (refused.Errors.Single().Field, refused.Errors.Single().MessageKey));
    }

    [Fact]
    public async Task A_new_kpi_needs_a_deadline_in_the_future_and_after_its_start()
    {
        var workspace = await world.NewWorkspaceAsync();

        var today = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddMonths(-2), Deadline = Today }));
        var beforeStart = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddMonths(6), Deadline = Today.AddMonths(5) }));
        var ancient = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = new DateOnly(1999, 1, 1) }));
        var started = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddMonths(-2), Deadline = Today.AddDays(1) });

        Assert.Equal("Kpi.Error.DeadlineNotFuture", today.Errors.Single().MessageKey);
        Assert.Equal("Kpi.Error.DeadlineBeforeStart", beforeStart.Errors.Single().MessageKey);
        Assert.Equal(("StartDate", "Kpi.Error.DateOutOfRange"), (ancient.Errors.Single().Field, ancient.Errors.Single().MessageKey));
        Assert.Equal(Today.AddMonths(-2), started.StartDate);
    }

    [Fact]
    public async Task A_kpi_whose_deadline_passed_can_still_be_reworded_but_not_given_another_past_deadline()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddMonths(-3) });
        await MoveDeadlineAsync(kpi.Id, Today.AddDays(-5));
        var expired = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!;

        var reworded = await Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, expired.ToInput() with { Name = "Paying mills (renamed)" }, expired.Version);
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, reworded.ToInput() with { Deadline = Today.AddDays(-1) }, reworded.Version));

        Assert.Equal("Paying mills (renamed)", reworded.Name);
        Assert.Equal("Kpi.Error.DeadlineNotFuture", refused.Errors.Single().MessageKey);
    }

    [Fact]
    public async Task The_owner_must_be_a_member_of_the_workspace()
    {
        var workspace = await world.NewWorkspaceAsync();

        var stranger = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(world.Id(Persona.Stranger)!)));
        var instructor = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(world.Id(Persona.CohortInstructor)!)));
        var viewerOwned = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(world.Id(Persona.Viewer)!));

        Assert.Equal(("OwnerUserId", "Kpi.Error.OwnerNotMember"), (stranger.Errors.Single().Field, stranger.Errors.Single().MessageKey));
        Assert.Equal("Kpi.Error.OwnerNotMember", instructor.Errors.Single().MessageKey);
        Assert.Equal("Viewer", viewerOwned.OwnerName);
    }

    [Fact]
    public async Task A_canvas_block_or_an_objective_can_be_linked_but_not_both()
    {
        var workspace = await world.NewWorkspaceAsync();

        var objective = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { LinkedCanvasBlock = null, Objective = " Prove the detector saves time " });
        var both = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { Objective = "Grow" }));

        Assert.Equal((null, "Prove the detector saves time"), (objective.LinkedCanvasBlock, objective.Objective));
        Assert.Equal(("Objective", "Kpi.Error.LinkBoth"), (both.Errors.Single().Field, both.Errors.Single().MessageKey));
    }

    [Fact]
    public async Task An_implausible_target_is_saved_with_a_warning_and_its_monthly_rate()
    {
        var workspace = await world.NewWorkspaceAsync();

        var steep = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { Target = 200, Deadline = Today.AddDays(122) });

        Assert.Equal(KpiPaceMethod.Compound, steep.Pace!.Method);
        Assert.True(steep.Pace.IsImplausible);
        Assert.Equal(0.78, steep.Pace.MonthlyRate, 2);
        Assert.Equal(200, (await Kpis.GetAsync(Owner, workspace.Id, steep.Id))!.Target);
    }

    [Fact]
    public async Task A_workspace_holds_at_most_a_hundred_kpis()
    {
        var workspace = await world.NewWorkspaceAsync();
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            for (var i = 0; i < Kpi.MaxPerWorkspace - 1; i++)
            {
                db.Add(new Kpi { WorkspaceId = workspace.Id, Name = $"KPI {i}", Unit = "u", Baseline = 1, Target = 2, StartDate = Today, Deadline = Today.AddDays(30), OwnerUserId = Owner, CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "The hundredth"));
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "One too many")));

        Assert.Equal("Kpi.Error.TooManyKpis", refused.Errors.Single().MessageKey);
        Assert.Equal(Kpi.MaxPerWorkspace, (await Kpis.ListAsync(Owner, workspace.Id)).Count);
    }

    [Fact]
    public async Task A_second_value_for_a_day_replaces_the_first()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddDays(-30) });

        var first = await Kpis.AddMeasurementAsync(Editor, workspace.Id, kpi.Id, Today.AddDays(-1), 21);
        var second = await Kpis.AddMeasurementAsync(Editor, workspace.Id, kpi.Id, Today.AddDays(-1), 23.5);

        var point = Assert.Single((await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements);
        Assert.Equal((false, true), (first, second));
        Assert.Equal(new KpiPoint(Today.AddDays(-1), 23.5), point);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(2, activity.Count(a => a.Kind == "kpi.measured"));
    }

    [Fact]
    public async Task A_measurement_must_have_a_sensible_date_and_value()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));

        var future = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today.AddDays(2), double.NaN));
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today.AddDays(1), 1);

        Assert.Equal([("Date", "Kpi.Error.MeasurementInFuture"), ("Value", "Kpi.Error.NotANumber")], future.Errors.Select(e => (e.Field, e.MessageKey)));
    }

    [Fact]
    public async Task Pasted_csv_keeps_the_good_rows_replaces_known_dates_and_reports_bad_lines()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddDays(-90) });
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today.AddDays(-60), 1);
        var csv = string.Join('\n',
            "date,value",
            $"{Today.AddDays(-60):yyyy-MM-dd},25",
            $"{Today.AddDays(-30):yyyy-MM-dd},30",
            "not a date,31",
            $"{Today.AddDays(-20):yyyy-MM-dd},thirty",
            $"{Today.AddDays(-10):yyyy-MM-dd},35");

        var result = await Kpis.ImportMeasurementsAsync(Editor, workspace.Id, kpi.Id, csv);

        Assert.Equal((2, 1), (result.Added, result.Replaced));
        Assert.Equal([(4, "Kpi.Csv.BadDate"), (5, "Kpi.Csv.BadValue")], result.Errors.Select(e => (e.Line, e.MessageKey)));
        var stored = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!;
        Assert.Equal([25.0, 30, 35], stored.Measurements.Select(m => m.Value));
        Assert.Equal(Today.AddDays(-10), stored.Status.Date);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Contains(activity, a => a.Kind == "kpi.imported" && a.Subject == "Paying mills (3)");
    }

    [Fact]
    public async Task Measurements_exported_from_one_kpi_import_into_another_unchanged()
    {
        var workspace = await world.NewWorkspaceAsync();
        var source = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "Source") with { StartDate = Today.AddDays(-90) });
        var copy = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "Copy") with { StartDate = Today.AddDays(-90) });
        await Kpis.ImportMeasurementsAsync(Owner, workspace.Id, source.Id, $"{Today.AddDays(-80):yyyy-MM-dd},0.1\n{Today.AddDays(-40):yyyy-MM-dd},22.75\n{Today:yyyy-MM-dd},-3");

        var exported = KpiCsv.FormatMeasurements((await Kpis.GetAsync(Owner, workspace.Id, source.Id))!.Measurements);
        var result = await Kpis.ImportMeasurementsAsync(Owner, workspace.Id, copy.Id, exported);

        Assert.Equal((3, 0, 0), (result.Added, result.Replaced, result.Errors.Count));
        Assert.Equal(
            (await Kpis.GetAsync(Owner, workspace.Id, source.Id))!.Measurements,
            (await Kpis.GetAsync(Owner, workspace.Id, copy.Id))!.Measurements);
    }

    [Fact]
    public async Task A_kpi_holds_at_most_a_thousand_measurements_and_the_rest_of_a_paste_is_reported()
    {
        var workspace = await world.NewWorkspaceAsync();
        var start = Today.AddDays(-1100);
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = start });
        var lines = Enumerable.Range(0, KpiMeasurement.MaxPerKpi + 2).Select(i => $"{start.AddDays(i):yyyy-MM-dd},{i}");

        var result = await Kpis.ImportMeasurementsAsync(Owner, workspace.Id, kpi.Id, string.Join('\n', lines));
        var replaced = await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, start, 42);
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 1));

        Assert.Equal(KpiMeasurement.MaxPerKpi, result.Added);
        Assert.Equal([(1001, "Kpi.Csv.LimitReached"), (1002, "Kpi.Csv.LimitReached")], result.Errors.Select(e => (e.Line, e.MessageKey)));
        Assert.True(replaced);
        Assert.Equal("Kpi.Error.TooManyMeasurements", refused.Errors.Single().MessageKey);
        Assert.Equal(KpiMeasurement.MaxPerKpi, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements.Count);
    }

    [Fact]
    public async Task A_paste_longer_than_the_limit_is_refused_whole()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.ImportMeasurementsAsync(Owner, workspace.Id, kpi.Id, new string(' ', KpiCsv.MaxPasteLength + 1)));

        Assert.Equal("Validation.TooLong", refused.Errors.Single().MessageKey);
    }

    [Fact]
    public async Task The_status_follows_the_latest_measurement()
    {
        var workspace = await world.NewWorkspaceAsync();
        // 0 to 100 over 100 days, started 50 days ago: the plan today is 50.
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { Baseline = 0, Target = 100, StartDate = Today.AddDays(-50), Deadline = Today.AddDays(50) });

        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 40);
        var atRisk = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Status;
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today.AddDays(-40), 0);
        var stillAtRisk = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Status;
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 30);
        var offTrack = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Status;
        await Kpis.DeleteMeasurementAsync(Owner, workspace.Id, kpi.Id, Today);
        var afterDelete = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Status;

        Assert.Equal((KpiStatus.AtRisk, 50.0, 0.10), (atRisk.Status, atRisk.Planned!.Value, Math.Round(atRisk.Shortfall!.Value, 10)));
        Assert.Equal(KpiStatus.AtRisk, stillAtRisk.Status);
        Assert.Equal(KpiStatus.OffTrack, offTrack.Status);
        // Forty days ago the plan was 10 and 0 was measured: 10% of the change behind.
        Assert.Equal((KpiStatus.AtRisk, Today.AddDays(-40)), (afterDelete.Status, afterDelete.Date!.Value));
    }

    [Fact]
    public async Task A_stale_save_is_refused_and_carries_the_teammate_s_version()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));

        var theirs = await Kpis.UpdateAsync(Editor, workspace.Id, kpi.Id, kpi.ToInput() with { Target = 70 }, kpi.Version);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException<KpiView>>(() =>
            Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput() with { Target = 80 }, kpi.Version));
        var mine = await Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput() with { Target = 80 }, conflict.Current.Version);

        Assert.Equal(70, conflict.Current.Target);
        Assert.Equal(theirs.Version, conflict.Current.Version);
        Assert.NotEqual(kpi.Version, theirs.Version);
        Assert.Equal(80, mine.Target);
        Assert.Equal(80, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Target);
    }

    [Fact]
    public async Task Logging_a_measurement_does_not_make_an_open_edit_stale()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));

        await Kpis.AddMeasurementAsync(Editor, workspace.Id, kpi.Id, Today, 21);
        var saved = await Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput() with { Unit = "paying mills" }, kpi.Version);

        Assert.Equal("paying mills", saved.Unit);
        Assert.Single(saved.Measurements);
    }

    [Fact]
    public async Task A_stale_delete_is_refused_and_a_gone_kpi_is_reported_as_gone()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 21);
        var changed = await Kpis.UpdateAsync(Editor, workspace.Id, kpi.Id, kpi.ToInput() with { Name = "Renamed" }, kpi.Version);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException<KpiView>>(() => Kpis.DeleteAsync(Owner, workspace.Id, kpi.Id, kpi.Version));
        await Kpis.DeleteAsync(Owner, workspace.Id, kpi.Id, conflict.Current.Version);

        Assert.Equal("Renamed", conflict.Current.Name);
        Assert.Equal(changed.Version, conflict.Current.Version);
        Assert.Null(await Kpis.GetAsync(Owner, workspace.Id, kpi.Id));
        await Assert.ThrowsAsync<KpiNotFoundException>(() => Kpis.DeleteAsync(Owner, workspace.Id, kpi.Id, conflict.Current.Version));
        await Assert.ThrowsAsync<KpiNotFoundException>(() => Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput(), conflict.Current.Version));
        await Assert.ThrowsAsync<KpiNotFoundException>(() => Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 1));
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Set<KpiMeasurement>().AnyAsync(m => m.KpiId == kpi.Id));
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Contains(activity, a => a.Kind == "kpi.deleted" && a.Subject == "Renamed" && a.Link is null);
    }

    [Fact]
    public async Task A_kpi_of_another_workspace_cannot_be_reached_through_one_s_own()
    {
        var mine = await world.NewWorkspaceAsync();
        var theirs = await world.NewWorkspaceAsync();
        var foreign = await Kpis.CreateAsync(Owner, theirs.Id, KpiTestData.Input(Owner));

        Assert.Null(await Kpis.GetAsync(Owner, mine.Id, foreign.Id));
        await Assert.ThrowsAsync<KpiNotFoundException>(() => Kpis.UpdateAsync(Owner, mine.Id, foreign.Id, foreign.ToInput(), foreign.Version));
        await Assert.ThrowsAsync<KpiNotFoundException>(() => Kpis.DeleteAsync(Owner, mine.Id, foreign.Id, foreign.Version));
        await Assert.ThrowsAsync<KpiNotFoundException>(() => Kpis.ImportMeasurementsAsync(Owner, mine.Id, foreign.Id, "2026-01-01,1"));
    }

    [Fact]
    public async Task Every_change_is_published_on_the_kpis_topic()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var subscription = world.RecordChanges(workspace.Id, changes);

        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));
        var updated = await Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput() with { Target = 61 }, kpi.Version);
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 21);
        await Kpis.ImportMeasurementsAsync(Owner, workspace.Id, kpi.Id, $"{Today.AddDays(-1):yyyy-MM-dd},20");
        await Kpis.ImportMeasurementsAsync(Owner, workspace.Id, kpi.Id, "nothing good");
        await Kpis.DeleteMeasurementAsync(Owner, workspace.Id, kpi.Id, Today);
        await Kpis.DeleteAsync(Owner, workspace.Id, kpi.Id, updated.Version);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == KpiService.Topic && c.ItemId == kpi.Id.ToString() && c.ActorId == Owner) == 6);
    }

    [Fact]
    public async Task Each_change_carries_the_kpi_as_stored_with_its_measurements_and_a_delete_carries_the_id()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var subscription = world.RecordChanges(workspace.Id, changes);

        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));
        var updated = await Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput() with { Target = 61 }, kpi.Version);
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 21);
        await Kpis.DeleteAsync(Owner, workspace.Id, kpi.Id, updated.Version);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == KpiService.Topic) == 4);
        var carried = changes.Where(c => c.Topic == KpiService.Topic).Select(c => Assert.IsType<ItemChanges<KpiView>>(c.Changes)).ToList();
        Assert.Equal(kpi.Version, carried[0].Upserted.Single().Version);
        Assert.Equal((updated.Version, 61.0), (carried[1].Upserted.Single().Version, carried[1].Upserted.Single().Target));
        Assert.Equal([new KpiPoint(Today, 21)], carried[2].Upserted.Single().Measurements);
        Assert.Equal(updated.Version, carried[2].Upserted.Single().Version);
        Assert.Empty(carried[3].Upserted);
        Assert.Equal([kpi.Id], carried[3].Removed);
    }

    [Fact]
    public async Task The_dashboard_column_counts_on_track_at_risk_and_off_track_and_sorts_by_off_track()
    {
        var calm = await world.NewWorkspaceAsync();
        var troubled = await world.NewWorkspaceAsync();
        var empty = await world.NewWorkspaceAsync();
        async Task AddAsync(Guid workspaceId, double latest)
        {
            var kpi = await Kpis.CreateAsync(Owner, workspaceId, KpiTestData.Input(Owner) with { Baseline = 0, Target = 100, StartDate = Today.AddDays(-50), Deadline = Today.AddDays(50) });
            await Kpis.AddMeasurementAsync(Owner, workspaceId, kpi.Id, Today.AddDays(-50), 0);
            await Kpis.AddMeasurementAsync(Owner, workspaceId, kpi.Id, Today, latest);
        }

        await AddAsync(calm.Id, 50);
        await AddAsync(calm.Id, 60);
        await AddAsync(calm.Id, 40);
        await Kpis.CreateAsync(Owner, calm.Id, KpiTestData.Input(Owner, "No data yet"));
        await AddAsync(troubled.Id, 10);
        await AddAsync(troubled.Id, 20);
        await AddAsync(troubled.Id, 49);

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<KpiStatusColumn>().Single();
        var cells = await column.GetAsync([calm.Id, troubled.Id, empty.Id], CancellationToken.None);
        var figures = await world.Services.GetRequiredService<CohortDashboardService>().GetWorkspaceFiguresAsync(world.Id(Persona.CohortInstructor), troubled.Id);

        Assert.Equal("2 / 1 / 0", cells[calm.Id].Text);
        Assert.Equal("1 / 0 / 2", cells[troubled.Id].Text);
        Assert.False(cells.ContainsKey(empty.Id));
        Assert.True(cells[troubled.Id].SortValue > cells[calm.Id].SortValue);
        Assert.Equal(("Dashboard.Kpis", "1 / 0 / 2"), (figures.Single(f => f.TitleKey == "Dashboard.Kpis").TitleKey, figures.Single(f => f.TitleKey == "Dashboard.Kpis").Cell!.Text));
        var dashboard = await world.Services.GetRequiredService<CohortDashboardService>().GetAsync(world.Id(Persona.CohortInstructor), calm.CohortId!.Value);
        Assert.Contains("Dashboard.Kpis", dashboard!.ColumnTitleKeys);
    }

    [Fact]
    public async Task Creates_racing_for_the_last_places_of_a_workspace_never_pass_its_limit()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < Kpi.MaxPerWorkspace - 3; i++)
        {
            await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, $"KPI {i}"));
        }

        var racing = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            try
            {
                await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, $"Racing {i}"));
                return true;
            }
            catch (InputRejectedException rejected) when (rejected.Errors.Any(e => e.MessageKey == "Kpi.Error.TooManyKpis"))
            {
                return false;
            }
        })));

        Assert.Equal(3, racing.Count(created => created));
        Assert.Equal(Kpi.MaxPerWorkspace, (await Kpis.ListAsync(Owner, workspace.Id)).Count);
    }

    private async Task MoveDeadlineAsync(Guid kpiId, DateOnly deadline)
    {
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var kpi = await db.Set<Kpi>().SingleAsync(k => k.Id == kpiId);
        kpi.Deadline = deadline;
        await db.SaveChangesAsync();
    }
}
