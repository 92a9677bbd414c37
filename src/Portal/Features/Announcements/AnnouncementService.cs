using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;
using Portal.Features.Comments;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Announcements;

public sealed record AnnouncementView(Guid Id, string AuthorName, string BodyHtml, DateTimeOffset CreatedAt);

/// <summary>Instructors' messages to a whole cohort; each member of its teams is notified through the notification bell.</summary>
public sealed class AnnouncementService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, CohortService cohorts, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "announcements";
    public const string NotificationKind = "announcement";

    /// <summary>How many of the latest a workspace home shows.</summary>
    public const int Shown = 3;

    public async Task<AnnouncementView> PostAsync(string instructorId, Guid cohortId, string body, CancellationToken cancellationToken = default)
    {
        if (!await cohorts.IsInstructorOfAsync(instructorId, cohortId, cancellationToken))
        {
            throw new CohortAccessDeniedException();
        }

        var checks = new InputChecks();
        var text = checks.Text("Body", body, Announcement.BodyMaxLength, required: true);
        checks.ThrowIfAny();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var author = await WorkspaceService.UserAsync(db, instructorId, cancellationToken);
        var now = clock.GetUtcNow();
        var announcement = new Announcement { CohortId = cohortId, AuthorId = instructorId, AuthorName = author.NameForDisplay, Body = text, CreatedAt = now };
        db.Add(announcement);
        var members = await db.WorkspaceMembers
            .Where(m => db.Workspaces.Any(w => w.Id == m.WorkspaceId && w.CohortId == cohortId))
            .Select(m => new { m.UserId, m.WorkspaceId })
            .ToListAsync(cancellationToken);
        // A founder in two teams of the cohort hears it once, from the first of them.
        var recipients = members.Where(m => m.UserId != instructorId).DistinctBy(m => m.UserId).ToList();
        foreach (var recipient in recipients)
        {
            db.Add(new Notification { UserId = recipient.UserId, WorkspaceId = recipient.WorkspaceId, AnnouncementId = announcement.Id, Kind = NotificationKind, CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        var view = ToView(announcement);
        foreach (var workspaceId in await db.Workspaces.Where(w => w.CohortId == cohortId).Select(w => w.Id).ToListAsync(cancellationToken))
        {
            await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, announcement.Id.ToString(), instructorId, now) { Changes = ItemChanges.Of(view) });
        }

        foreach (var recipient in recipients)
        {
            await events.PublishToUserAsync(recipient.UserId, CommentService.NotificationsTopic);
        }

        return view;
    }

    /// <summary>The latest announcements of the workspace's cohort, newest first; none for anyone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<AnnouncementView>> ListForWorkspaceAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken);
        var cohortId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.CohortId).SingleOrDefaultAsync(cancellationToken);
        if (access is null || !access.Can(WorkspaceAction.Read) || cohortId is null)
        {
            return [];
        }

        return await LatestAsync(db, cohortId.Value, cancellationToken);
    }

    /// <summary>What the cohort's instructors have announced, newest first; null for anyone else.</summary>
    public async Task<IReadOnlyList<AnnouncementView>?> ListForCohortAsync(string? userId, Guid cohortId, CancellationToken cancellationToken = default)
    {
        if (!await cohorts.IsInstructorOfAsync(userId, cohortId, cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await LatestAsync(db, cohortId, cancellationToken);
    }

    private static async Task<IReadOnlyList<AnnouncementView>> LatestAsync(PortalDbContext db, Guid cohortId, CancellationToken cancellationToken)
    {
        // SQLite cannot order by DateTimeOffset, so the newest are picked in memory; a cohort sends a handful a day.
        var rows = await db.Set<Announcement>().AsNoTracking().Where(a => a.CohortId == cohortId).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(a => a.CreatedAt).Take(Shown).Select(ToView)];
    }

    private static AnnouncementView ToView(Announcement announcement) =>
        new(announcement.Id, announcement.AuthorName, UserMarkdown.ToHtml(announcement.Body), announcement.CreatedAt);
}

public static class AnnouncementsServiceCollectionExtensions
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services) => services.AddSingleton<AnnouncementService>();
}
