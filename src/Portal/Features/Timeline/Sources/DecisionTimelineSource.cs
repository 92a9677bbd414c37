using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Decisions;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline.Sources;

/// <summary>The technology decisions recorded: each question with a decision date, with its status and the option chosen.</summary>
public sealed class DecisionTimelineSource(IStringLocalizer<TimelineText> text) : ITimelineSource
{
    public string Group => "decision";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var decisions = await db.Set<Decision>().AsNoTracking()
            .Where(d => d.WorkspaceId == access.WorkspaceId && d.DecidedOn != null)
            .Select(d => new { d.Question, d.DecidedOn, d.Status, Chosen = d.Options.Where(o => o.Id == d.ChosenOptionId).Select(o => o.Name).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return TimelineSourceHelpers.Page(
            decisions.Select(d => new TimelineEntry(
                TimelineSourceHelpers.StartOf(d.DecidedOn!.Value), Group, d.Question,
                string.IsNullOrEmpty(d.Chosen) ? text[$"Timeline.Decision.{d.Status}"] : text["Timeline.Detail.DecisionChosen", text[$"Timeline.Decision.{d.Status}"], d.Chosen],
                $"/w/{access.Slug}/decisions")),
            before, take);
    }
}
