using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Workspaces;

public sealed record WorkspaceSummary(string Slug, string Name, string Pitch, WorkspaceStage Stage, string Industry, WorkspaceRole Role, int MemberCount);

public sealed class WorkspaceService(IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>The workspaces the user belongs to, newest first; archived ones are left out.</summary>
    public async Task<IReadOnlyList<WorkspaceSummary>> ListForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WorkspaceMembers
            .Where(m => m.UserId == userId)
            .Join(db.Workspaces.Where(w => !w.IsArchived), m => m.WorkspaceId, w => w.Id, (m, w) => new { Workspace = w, m.Role })
            .Select(x => new
            {
                x.Workspace.Slug,
                x.Workspace.Name,
                x.Workspace.Pitch,
                x.Workspace.Stage,
                x.Workspace.Industry,
                x.Role,
                MemberCount = x.Workspace.Members.Count,
                x.Workspace.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        return rows
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new WorkspaceSummary(r.Slug, r.Name, r.Pitch, r.Stage, r.Industry, r.Role, r.MemberCount))
            .ToList();
    }
}

public static class WorkspacesServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services) =>
        services.AddSingleton<WorkspaceService>();
}
