using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Decisions;
using Portal.Features.Kpis;
using Portal.Features.Market;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;
using Persona = Portal.Tests.Workspaces.Persona;

namespace Portal.Tests.Market;

public sealed class GrowthServiceTests(WorkspaceWorld world) : GrowthServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class GrowthServiceTestsOnPostgres(PostgresWorkspaceWorld world) : GrowthServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class GrowthServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private GrowthService Growth => world.Services.GetRequiredService<GrowthService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static readonly UnitEconomicsInput Sample = new(50, 80, 2.5m, null, 0, 5, 300);

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Saving_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var empty = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Growth.SaveFunnelAsync(user, workspace.Id, GrowthSamples.Numbers(empty, 1000, 400, 200, 50, 20))),
            await AccessOutcome.OfAsync(() => Growth.SaveEconomicsAsync(user, workspace.Id, Sample, Guid.Empty)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var funnel = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;
        var economics = (await Growth.GetEconomicsAsync(Owner, workspace.Id))!;
        Assert.Equal(allowed ? [1000, 400, 200, 50, 20] : new double?[] { null, null, null, null, null }, funnel.Stages.Select(s => s.Value));
        Assert.Equal(allowed ? Sample : null, economics.Saved);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Growth.GetFunnelAsync(world.Id(persona), workspace.Id) is { Stages.Count: 5 });
        Assert.Equal(reads, await Growth.GetEconomicsAsync(world.Id(persona), workspace.Id) is not null);
    }

    [Fact]
    public async Task A_new_workspace_has_five_empty_stages_no_economics_and_no_weakest_step()
    {
        var workspace = await world.NewWorkspaceAsync();

        var funnel = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;
        var economics = (await Growth.GetEconomicsAsync(Owner, workspace.Id))!;

        Assert.Equal(Enum.GetValues<FunnelStageKind>(), funnel.Stages.Select(s => s.Stage));
        Assert.All(funnel.Stages, s => Assert.Equal((null, Guid.Empty), (s.Value, s.Version)));
        Assert.True(funnel.IsEmpty);
        Assert.Null(funnel.Weakest);
        Assert.Equal((null, Guid.Empty, null, (decimal?)null, 0), (economics.Saved, economics.Version, economics.Result, economics.BlendedCac, economics.ChannelCount));
    }

    [Fact]
    public async Task A_stale_funnel_save_is_refused_with_the_current_funnel_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var read = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;
        var bos = await Growth.SaveFunnelAsync(world.Id(Persona.Editor)!, workspace.Id, GrowthSamples.Numbers(read, 1000, 400));

        var refused = await Assert.ThrowsAsync<ConcurrencyConflictException<FunnelView>>(() =>
            Growth.SaveFunnelAsync(Owner, workspace.Id, GrowthSamples.Numbers(read, 900, 300, 100)));

        Assert.Equal([1000, 400, null, null, null], refused.Current.Stages.Select(s => s.Value));
        Assert.Equal(bos.Stages.Select(s => s.Version), refused.Current.Stages.Select(s => s.Version));
        Assert.Equal([1000, 400, null, null, null], (await Growth.GetFunnelAsync(Owner, workspace.Id))!.Stages.Select(s => s.Value));

        // Against the current versions the same numbers are saved; only the stages that changed get a new version.
        var saved = await Growth.SaveFunnelAsync(Owner, workspace.Id, GrowthSamples.Numbers(refused.Current, 900, 400, 100));
        Assert.Equal([900, 400, 100, null, null], saved.Stages.Select(s => s.Value));
        Assert.NotEqual(bos.Stages[0].Version, saved.Stages[0].Version);
        Assert.Equal(bos.Stages[1].Version, saved.Stages[1].Version);
    }

    [Fact]
    public async Task A_stale_economics_save_is_refused_with_the_current_record_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bos = await Growth.SaveEconomicsAsync(world.Id(Persona.Editor)!, workspace.Id, Sample, Guid.Empty);

        var refusedNew = await Assert.ThrowsAsync<ConcurrencyConflictException<UnitEconomicsView>>(() =>
            Growth.SaveEconomicsAsync(Owner, workspace.Id, Sample with { MonthlyPrice = 99 }, Guid.Empty));
        var updated = await Growth.SaveEconomicsAsync(Owner, workspace.Id, Sample with { MonthlyPrice = 60 }, bos.Version);
        var refusedOld = await Assert.ThrowsAsync<ConcurrencyConflictException<UnitEconomicsView>>(() =>
            Growth.SaveEconomicsAsync(world.Id(Persona.Editor)!, workspace.Id, Sample with { MonthlyPrice = 70 }, bos.Version));

        Assert.Equal((50m, bos.Version), (refusedNew.Current.Saved!.MonthlyPrice, refusedNew.Current.Version));
        Assert.Equal((60m, updated.Version), (refusedOld.Current.Saved!.MonthlyPrice, refusedOld.Current.Version));
        Assert.NotEqual(bos.Version, updated.Version);
        Assert.Equal(60m, (await Growth.GetEconomicsAsync(Owner, workspace.Id))!.Saved!.MonthlyPrice);
    }

    [Fact]
    public async Task Invalid_funnel_numbers_are_refused_stage_by_stage_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await AddKpiAsync((await world.NewWorkspaceAsync()).Id, "Sign-ups elsewhere");
        var read = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;
        List<FunnelStageInput> bad =
        [
            new(FunnelStageKind.Acquisition, -1, null, Guid.Empty),
            new(FunnelStageKind.Activation, FunnelStage.MaxCount + 1, null, Guid.Empty),
            new(FunnelStageKind.Retention, 10, elsewhere, Guid.Empty),
            new(FunnelStageKind.Retention, 10, null, Guid.Empty),
            new((FunnelStageKind)9, 10, null, Guid.Empty),
        ];

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Growth.SaveFunnelAsync(Owner, workspace.Id, bad));

        Assert.Equal(
            [("Acquisition", "Growth.Error.Count"), ("Activation", "Growth.Error.Count"), ("Retention", "Growth.Error.Kpi"), ("Retention", "Growth.Error.Stage"), ("Stages[4]", "Growth.Error.Stage")],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.True((await Growth.GetFunnelAsync(Owner, workspace.Id))!.IsEmpty);
        Assert.Equal(FunnelStage.MaxCount, (await Growth.SaveFunnelAsync(Owner, workspace.Id, GrowthSamples.Numbers(read, 0, FunnelStage.MaxCount))).Stages[1].Value);
    }

    [Fact]
    public async Task Invalid_economics_are_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var unfinished = await AddRunAsync(workspace.Id, RunStatus.Running);
        var otherRun = await AddRunAsync((await world.NewWorkspaceAsync()).Id, RunStatus.Completed);
        var bad = new UnitEconomicsInput(-1, 101, -0.01m, unfinished, -5, 0, 0);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Growth.SaveEconomicsAsync(Owner, workspace.Id, bad, Guid.Empty));
        var otherWorkspace = await Assert.ThrowsAsync<InputRejectedException>(() => Growth.SaveEconomicsAsync(Owner, workspace.Id, Sample with { LabRunId = otherRun }, Guid.Empty));
        var tooMuch = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Growth.SaveEconomicsAsync(Owner, workspace.Id, new UnitEconomicsInput(UnitEconomics.MaxMonthlyPrice + 1, double.NaN, null, null, UnitEconomics.MaxRequestsPerCustomer + 1, 100.5, MarketChannel.MaxMonthlyBudget + 1), Guid.Empty));

        Assert.Equal(
            ["MonthlyPrice", "GrossMarginPercent", "InferenceCostPerCustomer", "LabRunId", "RequestsPerCustomer", "MonthlyChurnPercent", "CacOverride"],
            refused.Errors.Select(e => e.Field));
        Assert.Equal("Growth.Error.Churn", refused.Errors.Single(e => e.Field == "MonthlyChurnPercent").MessageKey);
        Assert.Equal(("LabRunId", "Growth.Error.LabRun"), (otherWorkspace.Errors.Single().Field, otherWorkspace.Errors.Single().MessageKey));
        Assert.Equal(["MonthlyPrice", "GrossMarginPercent", "RequestsPerCustomer", "MonthlyChurnPercent", "CacOverride"], tooMuch.Errors.Select(e => e.Field));
        Assert.Null((await Growth.GetEconomicsAsync(Owner, workspace.Id))!.Saved);
    }

    [Fact]
    public async Task A_stage_taken_from_a_kpi_shows_its_latest_measurement_and_when_and_without_one_the_number_entered()
    {
        var workspace = await world.NewWorkspaceAsync();
        var signUps = await AddKpiAsync(workspace.Id, "Sign-ups", (new DateOnly(2026, 10, 1), 800), (new DateOnly(2026, 11, 1), 1200), (new DateOnly(2026, 9, 1), 5000));
        var unmeasured = await AddKpiAsync(workspace.Id, "Paying teams");
        var read = (await Growth.GetFunnelAsync(Owner, workspace.Id))!;
        var inputs = GrowthSamples.Numbers(read, 999, 300, 120, 30, 6).ToList();
        inputs[0] = inputs[0] with { KpiId = signUps };
        inputs[3] = inputs[3] with { KpiId = unmeasured };

        var saved = await Growth.SaveFunnelAsync(Owner, workspace.Id, inputs);

        var acquisition = saved.Stage(FunnelStageKind.Acquisition);
        Assert.Equal((999L, 1200.0, new DateOnly(2026, 11, 1), "Sign-ups", true), (acquisition.Count, acquisition.Value!.Value, acquisition.MeasuredOn!.Value, acquisition.KpiName, acquisition.FromKpi));
        var revenue = saved.Stage(FunnelStageKind.Revenue);
        Assert.Equal((30.0, false, "Paying teams"), (revenue.Value!.Value, revenue.FromKpi, revenue.KpiName));
        // 1,200 → 300 is 25%, the weakest of 25%, 40%, 25%, 20%? No: 30 → 6 is 20%.
        Assert.Equal([25.0, 40.0, 25.0, 20.0], saved.Steps.Select(s => Math.Round(s.Percent!.Value, 6)));
        Assert.Equal(FunnelStageKind.Revenue, saved.Weakest!.From);
        Assert.Equal(["Sign-ups", "Paying teams"], saved.Kpis.Select(k => k.Name));

        // A new measurement changes the stage on the next read; deleting the KPI leaves the number entered.
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Add(new KpiMeasurement { KpiId = signUps, WorkspaceId = workspace.Id, Date = new DateOnly(2026, 12, 1), Value = 1500 });
            await db.SaveChangesAsync();
            Assert.Equal(1500, (await Growth.GetFunnelAsync(Owner, workspace.Id))!.Stages[0].Value);
            await db.Set<Kpi>().Where(k => k.Id == signUps).ExecuteDeleteAsync();
        }

        var afterDelete = (await Growth.GetFunnelAsync(Owner, workspace.Id))!.Stages[0];
        Assert.Equal((999.0, (Guid?)null), (afterDelete.Value!.Value, afterDelete.KpiId));
    }

    [Fact]
    public async Task The_economics_take_the_inference_cost_from_a_finished_lab_run_and_the_cac_from_the_channels()
    {
        var workspace = await world.NewWorkspaceAsync();
        var runId = await AddRunAsync(workspace.Id, RunStatus.Completed);
        await AddRunAsync(workspace.Id, RunStatus.Failed);
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // $45,000 for 100 customers and $15,000 for 100: a blended CAC of $300.
            db.Add(new MarketChannel { WorkspaceId = workspace.Id, Name = "Ads", MonthlyBudget = 45_000, MonthlyReach = 10_000, ConversionPercent = 1 });
            db.Add(new MarketChannel { WorkspaceId = workspace.Id, Name = "Trade shows", MonthlyBudget = 15_000, MonthlyReach = 10_000, ConversionPercent = 1, Position = 1 });
            await db.SaveChangesAsync();
        }

        var before = (await Growth.GetEconomicsAsync(Owner, workspace.Id))!;
        var figure = Assert.Single(before.LabRuns);
        var saved = await Growth.SaveEconomicsAsync(Owner, workspace.Id, new UnitEconomicsInput(50, 80, null, runId, 20_000, 5, null), Guid.Empty);

        Assert.Equal(runId, figure.RunId);
        Assert.Equal((2, 60_000m, 200.0), (saved.ChannelCount, saved.ChannelBudget, saved.ChannelCustomers));
        var result = saved.Result!;
        // 20,000 × the run's cost of 1,000,000 requests ÷ 1,000,000; gross profit 50 × 80% − that; LTV ÷ 5%; CAC $300.
        var inference = 20_000 * (decimal)figure.MonthlyServingUsd / 1_000_000;
        Assert.Equal((inference, InferenceSource.LabRun), (result.InferenceCost, result.InferenceSource));
        Assert.Equal(40 - inference, result.GrossProfit);
        Assert.Equal((40 - inference) * 20, result.Ltv);
        Assert.Equal((300m, CacSource.Channels), (Math.Round(result.Cac!.Value, 6), result.CacSource));
        Assert.Equal(Math.Round(300 / (40 - inference), 6), Math.Round(result.PaybackMonths!.Value, 6));
        Assert.Equal(figure, saved.LabRun);

        // Entered values win over the run and the channels.
        var entered = await Growth.SaveEconomicsAsync(Owner, workspace.Id, new UnitEconomicsInput(50, 80, 2.5m, null, 20_000, 5, 900), saved.Version);
        Assert.Equal((2.5m, 900m, CacSource.Entered, 24m), (entered.Result!.InferenceCost, entered.Result.Cac!.Value, entered.Result.CacSource, entered.Result.PaybackMonths!.Value));
    }

    [Fact]
    public async Task Each_retention_cohort_set_offers_the_churn_it_implies_newest_first_and_a_set_too_short_for_one_offers_none()
    {
        var workspace = await world.NewWorkspaceAsync();
        var retention = world.Services.GetRequiredService<RetentionService>();
        // 100 → 81 → 64 of 100 users: 64% left after two months, (1 − √0.64) = 20% lost a month.
        await retention.ImportAsync(Owner, workspace.Id, "Pilot", "cohort,size,m0,m1,m2\n2026-01,100,100,81,64\n");
        // Two cohorts weighted by size: month 1 keeps (90 + 45) of (100 + 50) = 90%, so 10% a month.
        await retention.ImportAsync(Owner, workspace.Id, "Launch", "cohort,size,m0,m1\n2026-02,100,100,90\n2026-03,50,50,45\n");
        await retention.ImportAsync(Owner, workspace.Id, "Too short", "cohort,size,m0\n2026-04,80,80\n");

        var view = (await Growth.GetEconomicsAsync(Owner, workspace.Id))!;

        Assert.Equal([("Launch", 10.0), ("Pilot", 20.0)], view.RetentionChurns.Select(c => (c.SetName, c.MonthlyChurnPercent)));
        Assert.Null(await Growth.GetEconomicsAsync(world.Id(Persona.Stranger), workspace.Id));
    }

    [Fact]
    public async Task Each_save_is_in_the_activity_log_and_tells_open_pages_the_new_funnel_or_economics()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var funnel = await Growth.SaveFunnelAsync(Owner, workspace.Id, GrowthSamples.Numbers((await Growth.GetFunnelAsync(Owner, workspace.Id))!, 1000, 400, 200, 50, 20));
        var economics = await Growth.SaveEconomicsAsync(Owner, workspace.Id, Sample, Guid.Empty);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == MarketTopics.Growth) == 2);
        var growth = changes.Where(c => c.Topic == MarketTopics.Growth).ToList();
        Assert.Equal([GrowthService.FunnelItem, GrowthService.EconomicsItem], growth.Select(c => c.ItemId));
        Assert.Equal(funnel.Stages, Assert.IsType<FunnelView>(growth[0].Changes).Stages);
        Assert.Equal(economics.Version, Assert.IsType<UnitEconomicsView>(growth[1].Changes).Version);

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [("growth.economics", "50 USD · 5%"), ("growth.funnel", "1000 → 400 → 200 → 50 → 20")],
            activity.Where(a => a.Kind.StartsWith("growth.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("growth.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/market", a.Link));
    }

    [Fact]
    public async Task The_plan_s_markdown_has_the_funnel_table_its_weakest_step_the_economics_and_their_warnings()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.CurrentCulture = new("en");
        try
        {
            var workspace = await world.NewWorkspaceAsync();
            var section = world.Services.GetServices<Portal.Features.Plan.IPlanSection>().OfType<GrowthPlanSection>().Single();
            Assert.Contains("No growth funnel or unit economics yet.", await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None), StringComparison.Ordinal);

            var kpi = await AddKpiAsync(workspace.Id, "Sign-ups | web", (new DateOnly(2026, 11, 1), 1000));
            var inputs = GrowthSamples.Numbers((await Growth.GetFunnelAsync(Owner, workspace.Id))!, 0, 400, 200, 50, 20).ToList();
            inputs[0] = inputs[0] with { KpiId = kpi };
            await Growth.SaveFunnelAsync(Owner, workspace.Id, inputs);
            await Growth.SaveEconomicsAsync(Owner, workspace.Id, new UnitEconomicsInput(50, 80, 2.5m, null, 0, 5, 900), Guid.Empty);

            var markdown = await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None);

            Assert.StartsWith("## Growth and unit economics", markdown, StringComparison.Ordinal);
            Assert.Contains("| Acquisition | 1,000 | KPI “Sign-ups \\| web”, 11/1/2026 |  |", markdown, StringComparison.Ordinal);
            Assert.Contains("| Revenue | 50 | entered | 25% |", markdown, StringComparison.Ordinal);
            Assert.Contains("Weakest step: Retention → Revenue, converting 25%.", markdown, StringComparison.Ordinal);
            Assert.Contains("Price $50.00 a month, monthly gross profit $37.50, LTV $750.00, CAC $900.00, LTV/CAC 0.83, payback 24 months", markdown, StringComparison.Ordinal);
            Assert.Contains("- ⚠ LTV/CAC is below 3", markdown, StringComparison.Ordinal);
            Assert.Contains("- ⚠ Payback takes more than 18 months", markdown, StringComparison.Ordinal);
            Assert.Equal("", await section.ToMarkdownAsync(world.Id(Persona.Stranger)!, workspace.Id, CancellationToken.None));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    private async Task<Guid> AddKpiAsync(Guid workspaceId, string name, params (DateOnly Date, double Value)[] measurements)
    {
        var kpi = new Kpi { WorkspaceId = workspaceId, Name = name, Unit = "people", Baseline = 0, Target = 100, StartDate = new DateOnly(2026, 1, 1), Deadline = new DateOnly(2027, 1, 1), CreatedAt = DateTimeOffset.UtcNow };
        foreach (var (date, value) in measurements)
        {
            kpi.Measurements.Add(new KpiMeasurement { KpiId = kpi.Id, WorkspaceId = workspaceId, Date = date, Value = value });
        }

        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Add(kpi);
        await db.SaveChangesAsync();
        return kpi.Id;
    }

    private Task<Guid> AddRunAsync(Guid workspaceId, RunStatus status) => GrowthSamples.AddRunAsync(world, Owner, workspaceId, status);
}

/// <summary>Inputs and rows the growth tests share.</summary>
public static class GrowthSamples
{
    /// <summary>Every stage entered: 1,000 → 400 → 200 → 50 → 20.</summary>
    public static IReadOnlyList<FunnelStageInput> Numbers(FunnelView read, params long?[] counts) =>
        [.. read.Stages.Select((s, i) => new FunnelStageInput(s.Stage, i < counts.Length ? counts[i] : null, null, s.Version))];

    /// <summary>A run's row with measured speeds when it completed (its files are not needed for its cost).</summary>
    public static async Task<Guid> AddRunAsync(WorkspaceWorld world, string owner, Guid workspaceId, RunStatus status)
    {
        var finished = DateTimeOffset.UtcNow;
        var completed = status == RunStatus.Completed;
        var run = new TrainingRun
        {
            WorkspaceId = workspaceId, CreatedById = owner, Name = $"Run {Guid.NewGuid():N}"[..10], DatasetKey = "fashion-mnist", SpecJson = "{}", OptionsJson = "{}",
            Status = status, CreatedAt = finished.AddMinutes(-5), StartedAt = finished.AddMinutes(-4), FinishedAt = status is RunStatus.Running ? null : finished,
            Epochs = 3, Epoch = 3, TrainSamples = 60_000, ForwardFlopsPerSample = 2_000_000, Parameters = 100_000,
            TrainSamplesPerSecond = completed ? 500 : null, InferSamplesPerSecond = completed ? 2000 : null, TestAccuracy = completed ? 0.9 : null,
        };
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

}
