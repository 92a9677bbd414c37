using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline.Sources;

/// <summary>The training runs that finished: completed with their test accuracy, or failed.</summary>
public sealed class RunTimelineSource(IStringLocalizer<TimelineText> text) : ITimelineSource
{
    public string Group => "run";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var runs = await db.Set<TrainingRun>().AsNoTracking()
            .Where(r => r.WorkspaceId == access.WorkspaceId && (r.Status == RunStatus.Completed || r.Status == RunStatus.Failed) && r.FinishedAt != null)
            .Select(r => new { r.Id, r.Name, r.Status, r.FinishedAt, r.TestAccuracy, r.DatasetKey, r.CreatedById })
            .ToListAsync(cancellationToken);
        var names = await TimelineSourceHelpers.NamesAsync(db, runs.Select(r => r.CreatedById), cancellationToken);
        var uploadIds = runs.Select(r => Guid.TryParseExact(r.DatasetKey, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var datasets = await db.Set<LabDataset>().AsNoTracking().Where(d => uploadIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id.ToString("N"), d => d.Name, cancellationToken);
        string Dataset(string key) => key == LabDatasets.FashionMnist ? "Fashion-MNIST" : datasets.GetValueOrDefault(key) ?? text["Timeline.Detail.DatasetGone"];
        return TimelineSourceHelpers.Page(
            runs.Select(r => new TimelineEntry(
                r.FinishedAt!.Value, Group, r.Name,
                r.Status == RunStatus.Completed ? text["Timeline.Detail.RunCompleted", LabFormat.Percent(r.TestAccuracy), Dataset(r.DatasetKey)] : text["Timeline.Detail.RunFailed", Dataset(r.DatasetKey)],
                $"/w/{access.Slug}/lab?run={r.Id}", names.GetValueOrDefault(r.CreatedById))),
            before, take);
    }
}
