using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Kpis;

/// <summary>
/// A KPI bound to a lab figure (<see cref="Kpi.LabMetric"/>, on <see cref="Kpi.LabDatasetKey"/> or any data set): the
/// checks on the binding, and the measurement every completed run of the workspace adds to each KPI it matches.
/// It needs only the database and the events, so the node that trains (a worker with no pages) records it itself.
/// </summary>
public sealed class KpiLabBinding(IDbContextFactory<PortalDbContext> contextFactory, IWorkspaceEvents events, ILogger<KpiLabBinding> logger)
{
    /// <summary>Longest data set key a KPI can name, as <c>TrainingRun.DatasetKey</c> stores it.</summary>
    public const int DatasetKeyMaxLength = 64;

    /// <summary>The problems with a cleaned input's binding that need no database: an unknown metric, a data set without one.</summary>
    public static void Check(KpiInput input, List<FieldError> errors)
    {
        if (input.LabMetric is { } metric && !Enum.IsDefined(metric))
        {
            errors.Add(new FieldError(nameof(KpiInput.LabMetric), "Validation.RequiredField"));
        }

        if (input.LabDatasetKey is { } key)
        {
            if (input.LabMetric is null)
            {
                errors.Add(new FieldError(nameof(KpiInput.LabDatasetKey), "Kpi.Error.LabDatasetWithoutMetric"));
            }
            else if (key.Length > DatasetKeyMaxLength)
            {
                errors.Add(new FieldError(nameof(KpiInput.LabDatasetKey), "Kpi.Error.LabDatasetUnknown"));
            }
        }
    }

    /// <summary>Adds a problem when the input names a data set that is neither Fashion-MNIST nor one of this workspace's uploads.</summary>
    public static async Task CheckDatasetAsync(PortalDbContext db, Guid workspaceId, KpiInput clean, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (clean.LabMetric is not null && clean.LabDatasetKey is { Length: <= DatasetKeyMaxLength } key && !await IsWorkspaceDatasetAsync(db, workspaceId, key, cancellationToken))
        {
            errors.Add(new FieldError(nameof(KpiInput.LabDatasetKey), "Kpi.Error.LabDatasetUnknown"));
        }
    }

    /// <summary>Whether <paramref name="key"/> names a data set this workspace's runs can train on: Fashion-MNIST or one of its own uploads.</summary>
    public static async Task<bool> IsWorkspaceDatasetAsync(PortalDbContext db, Guid workspaceId, string key, CancellationToken cancellationToken)
    {
        if (key == LabDatasets.FashionMnist)
        {
            return true;
        }

        return Guid.TryParseExact(key, "N", out var id)
            && await db.Set<LabDataset>().AnyAsync(d => d.Id == id && d.WorkspaceId == workspaceId, cancellationToken);
    }

    /// <summary>The figure of a finished run a KPI bound to <paramref name="metric"/> records; null when the run has none.</summary>
    public static double? ValueOf(TrainingRun run, KpiLabMetric metric)
    {
        var value = metric switch
        {
            KpiLabMetric.TestAccuracy => run.TestAccuracy * 100,
            KpiLabMetric.TestLoss => run.TestLoss,
            KpiLabMetric.InferSamplesPerSecond => run.InferSamplesPerSecond,
            _ => null,
        };
        return value is { } v && double.IsFinite(v) && KpiValidation.ValueProblem(v) is null ? v : null;
    }

    /// <summary>
    /// Records a completed run's figures as the measurement of the day it finished on every KPI of its workspace bound to
    /// them (a later run that day replaces the value), logs each in the activity log and tells open KPI pages. Called
    /// right after the run's completion is saved; a run that is not (or no longer) Completed records nothing. A failure
    /// here is logged and never undoes the run. Returns the ids of the KPIs measured.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RecordRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        // A teammate's measurement of the same KPI and day may be saved in between: then read again and replace it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(runId, cancellationToken);
            }
            catch (DbUpdateException error) when (attempt < 3)
            {
                logger.LogInformation(error, "Recording run {RunId} on its KPIs met a concurrent measurement; trying again", runId);
            }
            catch (Exception error) when (error is DbUpdateException or InvalidOperationException)
            {
                logger.LogWarning(error, "The KPIs bound to run {RunId} could not be measured", runId);
                return [];
            }
        }
    }

    private async Task<IReadOnlyList<Guid>> TryRecordAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Set<TrainingRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not { Status: RunStatus.Completed, FinishedAt: { } finishedAt })
        {
            return [];
        }

        var kpis = await db.Set<Kpi>()
            .Where(k => k.WorkspaceId == run.WorkspaceId && k.LabMetric != null && (k.LabDatasetKey == null || k.LabDatasetKey == run.DatasetKey))
            .ToListAsync(cancellationToken);
        if (kpis.Count == 0)
        {
            return [];
        }

        var date = DateOnly.FromDateTime(finishedAt.UtcDateTime);
        var slug = await db.Workspaces.Where(w => w.Id == run.WorkspaceId).Select(w => w.Slug).SingleAsync(cancellationToken);
        var actor = await db.Users.SingleOrDefaultAsync(u => u.Id == run.CreatedById, cancellationToken);
        var ids = kpis.Select(k => k.Id).ToList();
        var stored = await db.Set<KpiMeasurement>().Where(m => ids.Contains(m.KpiId)).GroupBy(m => m.KpiId)
            .Select(g => new { KpiId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.KpiId, x => x.Count, cancellationToken);
        var sameDay = await db.Set<KpiMeasurement>().Where(m => ids.Contains(m.KpiId) && m.Date == date).ToDictionaryAsync(m => m.KpiId, cancellationToken);
        var measured = new List<Guid>();
        foreach (var kpi in kpis)
        {
            if (ValueOf(run, kpi.LabMetric!.Value) is not { } value)
            {
                continue;
            }

            if (sameDay.TryGetValue(kpi.Id, out var existing))
            {
                existing.Value = value;
                existing.RunId = run.Id;
            }
            else if (stored.GetValueOrDefault(kpi.Id) >= KpiMeasurement.MaxPerKpi)
            {
                logger.LogWarning("KPI {KpiId} has {Max} measurements; run {RunId} was not recorded on it", kpi.Id, KpiMeasurement.MaxPerKpi, run.Id);
                continue;
            }
            else
            {
                db.Add(new KpiMeasurement { KpiId = kpi.Id, WorkspaceId = kpi.WorkspaceId, Date = date, Value = value, RunId = run.Id });
            }

            var subject = $"{kpi.Name} ({date:yyyy-MM-dd}: {value.ToString("0.####", CultureInfo.InvariantCulture)} {kpi.Unit}; {run.Name})";
            var link = $"/w/{slug}/kpis/{kpi.Id}";
            if (actor is not null)
            {
                ActivityService.Record(db, run.WorkspaceId, actor, "kpi.measured", subject, link, finishedAt);
            }
            else
            {
                db.Add(new ActivityEntry { WorkspaceId = run.WorkspaceId, ActorName = "", Kind = "kpi.measured", Subject = subject[..Math.Min(subject.Length, ActivityEntry.SummaryMaxLength)], Link = link, At = finishedAt });
            }

            measured.Add(kpi.Id);
        }

        if (measured.Count == 0)
        {
            return [];
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var kpiId in measured)
        {
            // No view carried: the pages read the KPI again, as they do for a change published by another node.
            await events.PublishAsync(new WorkspaceChange(run.WorkspaceId, KpiService.Topic, kpiId.ToString(), run.CreatedById, finishedAt));
        }

        await events.PublishAsync(new WorkspaceChange(run.WorkspaceId, ActivityService.Topic, null, run.CreatedById, finishedAt));
        return measured;
    }
}
