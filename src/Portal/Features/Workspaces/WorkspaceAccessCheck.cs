using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Workspaces;

/// <summary>
/// The one place that decides who may see and do what in a workspace: its members by role, and the instructors of its
/// cohort (while they hold the Instructor role). Every feature's service asks it, inside its own database context,
/// before it reads or changes a workspace's data.
/// </summary>
public sealed class WorkspaceAccessCheck
{
    /// <summary>The user's access to the workspace, or null when they have none (or there is no such workspace).</summary>
    public async Task<WorkspaceAccess?> ResolveAsync(PortalDbContext db, string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var row = await db.Workspaces.AsNoTracking()
            .Where(w => w.Id == workspaceId)
            .Select(w => new
            {
                w.Id,
                w.Slug,
                w.Name,
                w.IsArchived,
                Role = w.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
                // Instructing a cohort needs the Instructor role as it is now: an admin's revocation takes effect at once.
                IsInstructor = w.CohortId != null && db.Set<CohortInstructor>().Any(i => i.CohortId == w.CohortId && i.UserId == userId)
                    && db.UserRoles.Any(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PortalRoles.Instructor)),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null || (row.Role is null && !row.IsInstructor)
            ? null
            : new WorkspaceAccess(row.Id, row.Slug, row.Name, userId, row.Role, row.IsInstructor, row.IsArchived);
    }

    /// <summary>The caller's access if it allows <paramref name="action"/>; strangers learn nothing, members learn why not.</summary>
    public async Task<WorkspaceAccess> DemandAsync(PortalDbContext db, string userId, Guid workspaceId, WorkspaceAction action, CancellationToken cancellationToken)
    {
        var access = await ResolveAsync(db, userId, workspaceId, cancellationToken) ?? throw new WorkspaceNotFoundException();
        access.Demand(action);
        return access;
    }
}
