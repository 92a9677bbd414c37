using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Workspaces;

namespace Portal.Features.Activity;

public sealed record ActivityItem(long Id, string? ActorId, string ActorName, string Kind, string Subject, string? Link, DateTimeOffset At);

/// <summary>The audit trail of a workspace: written in the same transaction as the change it records.</summary>
public sealed class ActivityService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceService workspaces)
{
    public const string Topic = "activity";

    /// <summary>Adds an entry to the context; it is saved with the change it describes.</summary>
    public static void Record(PortalDbContext db, Guid workspaceId, ApplicationUser actor, string kind, string subject, string? link, DateTimeOffset at) =>
        db.Add(new ActivityEntry
        {
            WorkspaceId = workspaceId,
            ActorId = actor.Id,
            ActorName = actor.NameForDisplay,
            Kind = kind,
            Subject = subject.Length > ActivityEntry.SummaryMaxLength ? subject[..ActivityEntry.SummaryMaxLength] : subject,
            Link = link,
            At = at,
        });

    /// <summary>The latest entries, newest first; nothing for someone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<ActivityItem>> ListAsync(string? userId, Guid workspaceId, int take = 50, CancellationToken cancellationToken = default)
    {
        if (await workspaces.GetAccessAsync(userId, workspaceId, cancellationToken) is not { } access || !access.Can(WorkspaceAction.Read))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<ActivityEntry>().AsNoTracking()
            .Where(a => a.WorkspaceId == workspaceId)
            .OrderByDescending(a => a.Id)
            .Take(Math.Clamp(take, 1, 500))
            .Select(a => new ActivityItem(a.Id, a.ActorId, a.ActorName, a.Kind, a.Subject, a.Link, a.At))
            .ToListAsync(cancellationToken);
    }
}
