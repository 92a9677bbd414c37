using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Exercises;
using Portal.Features.Workspaces;

namespace Portal.Features.Timeline.Sources;

/// <summary>The workshop exercises the team submitted; each links to the tool the exercise was about.</summary>
public sealed class ExerciseTimelineSource(IStringLocalizer<TimelineText> text) : ITimelineSource
{
    public string Group => "exercise";

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(PortalDbContext db, WorkspaceAccess access, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var submissions = await db.Set<ExerciseSubmission>().AsNoTracking()
            .Where(s => s.WorkspaceId == access.WorkspaceId)
            .Join(db.Set<Exercise>(), s => s.ExerciseId, e => e.Id, (s, e) => new { e.Title, e.Tool, s.SubmittedAt, s.SubmittedById })
            .ToListAsync(cancellationToken);
        var names = await TimelineSourceHelpers.NamesAsync(db, submissions.Select(s => s.SubmittedById), cancellationToken);
        return TimelineSourceHelpers.Page(
            submissions.Select(s => new TimelineEntry(
                s.SubmittedAt, Group, s.Title, text["Timeline.Detail.Submitted"],
                s.Tool == "none" ? $"/w/{access.Slug}" : $"/w/{access.Slug}/{s.Tool}", names.GetValueOrDefault(s.SubmittedById))),
            before, take);
    }
}
