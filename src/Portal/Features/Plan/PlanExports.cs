using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;

namespace Portal.Features.Plan;

/// <summary>
/// Notes in the activity log when a member takes the plan out (Markdown or print), so the team sees it and the
/// getting-started checklist can tick its last step.
/// </summary>
public sealed class PlanExports(IDbContextFactory<PortalDbContext> contextFactory, IWorkspaceEvents events, TimeProvider clock)
{
    public const string ActivityKind = "plan.exported";

    public async Task RecordAsync(WorkspaceAccess access, string format, CancellationToken cancellationToken = default)
    {
        // Instructors read plans too; the log and the checklist are about what the team did.
        if (!access.IsMember)
        {
            return;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, access.WorkspaceId, await WorkspaceService.UserAsync(db, access.UserId, cancellationToken), ActivityKind, format, $"/w/{access.Slug}/plan", now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(access.WorkspaceId, ActivityService.Topic, null, access.UserId, now));
    }
}
