using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline.Sources;

/// <summary>
/// Every KPI measurement, and every change of a KPI's status between one measurement and the next, by the KPI tool's own
/// rule (<see cref="KpiStatusRule"/>). A measurement a training run recorded stands at the moment the run finished.
/// </summary>
public sealed class KpiTimelineSource(IStringLocalizer<TimelineText> text, IStringLocalizer<KpiText> kpiText) : ITimelineSource
{
    public string Group => "kpi";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var kpis = await db.Set<Kpi>().AsNoTracking().Where(k => k.WorkspaceId == access.WorkspaceId).ToListAsync(cancellationToken);
        var measurements = (await db.Set<KpiMeasurement>().AsNoTracking().Where(m => m.WorkspaceId == access.WorkspaceId).ToListAsync(cancellationToken))
            .ToLookup(m => m.KpiId);
        var runIds = measurements.SelectMany(g => g).Select(m => m.RunId).OfType<Guid>().Distinct().ToList();
        var runs = await db.Set<TrainingRun>().AsNoTracking().Where(r => runIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Name, r.FinishedAt }).ToDictionaryAsync(r => r.Id, cancellationToken);

        var entries = new List<TimelineEntry>();
        foreach (var kpi in kpis)
        {
            var link = $"/w/{access.Slug}/kpis/{kpi.Id}";
            KpiStatus? previous = null;
            foreach (var m in measurements[kpi.Id].OrderBy(m => m.Date))
            {
                var run = m.RunId is { } runId ? runs.GetValueOrDefault(runId) : null;
                var at = run?.FinishedAt is { } finished && DateOnly.FromDateTime(finished.UtcDateTime) == m.Date ? finished : TimelineSourceHelpers.StartOf(m.Date);
                var value = $"{m.Value.ToString("#,##0.####", CultureInfo.CurrentCulture)} {kpi.Unit}";
                entries.Add(new TimelineEntry(
                    at, Group, kpi.Name,
                    run is null ? text["Timeline.Detail.Measured", value] : text["Timeline.Detail.MeasuredByRun", value, run.Name],
                    link));

                var status = KpiStatusRule.Evaluate(kpi.Baseline, kpi.Target, kpi.Direction, kpi.StartDate, kpi.Deadline, (m.Date, m.Value)).Status;
                if (previous is { } was && was != status)
                {
                    // Just after its measurement, so that newest first it reads above it.
                    entries.Add(new TimelineEntry(
                        at.AddTicks(1), Group, kpi.Name,
                        text["Timeline.Detail.StatusChanged", kpiText[$"Status.{was}"], kpiText[$"Status.{status}"]], link));
                }

                previous = status;
            }
        }

        return TimelineSourceHelpers.Page(entries, before, take);
    }
}
