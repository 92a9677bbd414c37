using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.ModelLab;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Kpis;

public sealed class KpiLabBindingTests(WorkspaceWorld world) : KpiLabBindingChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KpiLabBindingTestsOnPostgres(PostgresWorkspaceWorld world) : KpiLabBindingChecks<PostgresWorkspaceWorld>(world);

/// <summary>A KPI bound to a lab figure: the checks on the binding, and the measurement each completed run records.</summary>
public abstract class KpiLabBindingChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private KpiService Kpis => world.Services.GetRequiredService<KpiService>();

    private KpiLabBinding Binding => world.Services.GetRequiredService<KpiLabBinding>();

    private string Owner => world.Id(Persona.Owner)!;

    private KpiInput Accuracy(string name = "Test accuracy", string? dataset = null) =>
        KpiTestData.Input(Owner, name) with { Unit = "%", Baseline = 70, Target = 95, LabMetric = KpiLabMetric.TestAccuracy, LabDatasetKey = dataset };

    [Fact]
    public async Task A_completed_run_adds_its_figures_with_its_id_to_every_kpi_bound_to_them_and_tells_open_pages()
    {
        var workspace = await world.NewWorkspaceAsync();
        var anySet = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy());
        var onFashion = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "Loss") with
        {
            Unit = "loss", Baseline = 1, Target = 0.2, Direction = KpiDirection.Decrease, LabMetric = KpiLabMetric.TestLoss, LabDatasetKey = LabDatasets.FashionMnist,
        });
        var speed = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "Speed") with { Unit = "/s", Baseline = 100, Target = 5000, LabMetric = KpiLabMetric.InferSamplesPerSecond });
        var byHand = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner, "Mills"));
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var runId = await AddRunAsync(workspace.Id, RunStatus.Completed, LabDatasets.FashionMnist, Morning, accuracy: 0.8125, loss: 0.52, speed: 2400);
        var measured = await Binding.RecordRunAsync(runId);

        Assert.Equal(new[] { anySet.Id, onFashion.Id, speed.Id }.Order(), measured.Order());
        Assert.Equal(new KpiPoint(new DateOnly(2026, 3, 2), 81.25, runId), Assert.Single((await Kpis.GetAsync(Owner, workspace.Id, anySet.Id))!.Measurements));
        Assert.Equal(new KpiPoint(new DateOnly(2026, 3, 2), 0.52, runId), Assert.Single((await Kpis.GetAsync(Owner, workspace.Id, onFashion.Id))!.Measurements));
        Assert.Equal(2400, Assert.Single((await Kpis.GetAsync(Owner, workspace.Id, speed.Id))!.Measurements).Value);
        Assert.Empty((await Kpis.GetAsync(Owner, workspace.Id, byHand.Id))!.Measurements);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Contains(activity, a => a.Kind == "kpi.measured" && a.Subject.StartsWith("Test accuracy (2026-03-02: 81.25 %", StringComparison.Ordinal) && a.Link == $"/w/{workspace.Slug}/kpis/{anySet.Id}");
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => measured.All(id => seen.Any(c => c.Topic == KpiService.Topic && c.ItemId == id.ToString())));
    }

    [Fact]
    public async Task A_failed_run_a_run_on_another_data_set_and_a_run_without_the_figure_record_nothing()
    {
        var workspace = await world.NewWorkspaceAsync();
        var upload = await AddUploadAsync(workspace.Id);
        var onUpload = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy(dataset: upload));
        var anySet = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy("Any set"));

        var failed = await AddRunAsync(workspace.Id, RunStatus.Failed, upload, Morning, accuracy: 0.9);
        var otherSet = await AddRunAsync(workspace.Id, RunStatus.Completed, LabDatasets.FashionMnist, Morning, accuracy: 0.9);
        var noAccuracy = await AddRunAsync(workspace.Id, RunStatus.Completed, upload, Morning.AddDays(1), accuracy: null);

        Assert.Empty(await Binding.RecordRunAsync(failed));
        Assert.Equal([anySet.Id], await Binding.RecordRunAsync(otherSet));
        Assert.Empty(await Binding.RecordRunAsync(noAccuracy));
        Assert.Empty((await Kpis.GetAsync(Owner, workspace.Id, onUpload.Id))!.Measurements);
        Assert.Equal(otherSet, Assert.Single((await Kpis.GetAsync(Owner, workspace.Id, anySet.Id))!.Measurements).RunId);
    }

    [Fact]
    public async Task A_later_run_the_same_day_replaces_the_value_and_a_value_typed_by_hand_drops_the_run()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy());
        var first = await AddRunAsync(workspace.Id, RunStatus.Completed, LabDatasets.FashionMnist, Morning, accuracy: 0.80);
        var second = await AddRunAsync(workspace.Id, RunStatus.Completed, LabDatasets.FashionMnist, Morning.AddHours(6), accuracy: 0.84);
        var nextDay = await AddRunAsync(workspace.Id, RunStatus.Completed, LabDatasets.FashionMnist, Morning.AddDays(1), accuracy: 0.83);

        await Binding.RecordRunAsync(first);
        await Binding.RecordRunAsync(second);
        await Binding.RecordRunAsync(nextDay);

        Assert.Equal(
            [new KpiPoint(new DateOnly(2026, 3, 2), 84, second), new KpiPoint(new DateOnly(2026, 3, 3), 83, nextDay)],
            (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements.Select(p => p with { Value = Math.Round(p.Value, 6) }));

        Assert.True(await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, new DateOnly(2026, 3, 3), 85));
        Assert.Equal(new KpiPoint(new DateOnly(2026, 3, 3), 85, null), (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements[^1]);
    }

    [Fact]
    public async Task The_binding_is_checked_by_the_service_and_stored_when_valid()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();
        var othersUpload = await AddUploadAsync(other.Id);
        var ownUpload = await AddUploadAsync(workspace.Id);

        async Task<IReadOnlyList<FieldError>> Refused(KpiInput input) =>
            (await Assert.ThrowsAsync<InputRejectedException>(() => Kpis.CreateAsync(Owner, workspace.Id, input))).Errors;

        Assert.Equal([new FieldError(nameof(KpiInput.LabDatasetKey), "Kpi.Error.LabDatasetWithoutMetric")],
            await Refused(KpiTestData.Input(Owner) with { LabDatasetKey = LabDatasets.FashionMnist }));
        Assert.Equal([new FieldError(nameof(KpiInput.LabDatasetKey), "Kpi.Error.LabDatasetUnknown")], await Refused(Accuracy(dataset: "no-such-set")));
        Assert.Equal([new FieldError(nameof(KpiInput.LabDatasetKey), "Kpi.Error.LabDatasetUnknown")], await Refused(Accuracy(dataset: othersUpload)));
        Assert.Equal([new FieldError(nameof(KpiInput.LabMetric), "Validation.RequiredField")], await Refused(Accuracy() with { LabMetric = (KpiLabMetric)42 }));
        Assert.Empty(await Kpis.ListAsync(Owner, workspace.Id));

        var created = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy(dataset: $"  {ownUpload} "));
        Assert.Equal((KpiLabMetric.TestAccuracy, ownUpload), (created.LabMetric, created.LabDatasetKey));
        var unbound = await Kpis.UpdateAsync(Owner, workspace.Id, created.Id, created.ToInput() with { LabMetric = null, LabDatasetKey = null }, created.Version);
        Assert.Equal(((KpiLabMetric?)null, (string?)null), (unbound.LabMetric, unbound.LabDatasetKey));
    }

    [Fact]
    public async Task A_run_never_touches_a_kpi_of_another_workspace()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();
        var mine = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy());
        var theirs = await Kpis.CreateAsync(Owner, other.Id, Accuracy());

        var runId = await AddRunAsync(workspace.Id, RunStatus.Completed, LabDatasets.FashionMnist, Morning, accuracy: 0.9);

        Assert.Equal([mine.Id], await Binding.RecordRunAsync(runId));
        Assert.Empty((await Kpis.GetAsync(Owner, other.Id, theirs.Id))!.Measurements);
        Assert.DoesNotContain(await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, other.Id), a => a.Kind == "kpi.measured");
    }

    [Fact]
    public async Task A_run_trained_by_the_job_engine_records_its_test_accuracy_on_the_bound_kpi()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, Accuracy(dataset: LabDatasets.FashionMnist));
        var lab = world.Services.GetRequiredService<TrainingService>();

        var runId = await lab.EnqueueAsync(Owner, workspace.Id, TrainingServiceTests.ShortRun);
        var run = await TrainingServiceTests.WaitForAsync(lab, Owner, workspace.Id, runId, RunStatus.Completed);

        // Recorded just after the completion is saved: wait for it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        KpiPoint? point;
        while ((point = (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements.SingleOrDefault()) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The run's accuracy was not recorded on the KPI.");
            await Task.Delay(50);
        }

        Assert.Equal(runId, point.RunId);
        Assert.Equal(run.TestAccuracy!.Value * 100, point.Value, 6);
        Assert.Equal(DateOnly.FromDateTime(run.FinishedAt!.Value.UtcDateTime), point.Date);
    }

    private async Task<Guid> AddRunAsync(Guid workspaceId, RunStatus status, string dataset, DateTimeOffset finishedAt, double? accuracy, double? loss = 0.5, double? speed = 1000)
    {
        var run = new TrainingRun
        {
            WorkspaceId = workspaceId, CreatedById = Owner, Name = $"Run {Guid.NewGuid():N}"[..10], DatasetKey = dataset, SpecJson = "{}", OptionsJson = "{}",
            Status = status, CreatedAt = finishedAt.AddMinutes(-5), StartedAt = finishedAt.AddMinutes(-4), FinishedAt = finishedAt,
            TestAccuracy = status == RunStatus.Completed ? accuracy : null, TestLoss = status == RunStatus.Completed ? loss : null,
            InferSamplesPerSecond = status == RunStatus.Completed ? speed : null, Error = status == RunStatus.Failed ? "broken" : null,
        };
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    /// <summary>An uploaded data set's row (its files are not needed to bind a KPI to it); returns its key.</summary>
    private async Task<string> AddUploadAsync(Guid workspaceId)
    {
        var dataset = new LabDataset { WorkspaceId = workspaceId, Name = "Digits", CreatedById = Owner, CreatedAt = Morning, ImageCount = 200, Bytes = 1000, Format = "csv" };
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Add(dataset);
        await db.SaveChangesAsync();
        return dataset.Id.ToString("N");
    }
}
