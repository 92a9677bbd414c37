using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Comments;

public sealed record CommentView(long Id, string? AuthorId, string AuthorName, string Body, DateTimeOffset CreatedAt);

public sealed record ThreadView(bool IsResolved, IReadOnlyList<CommentView> Comments, bool CanComment);

public sealed record NotificationView(long Id, string Kind, string WorkspaceName, string WorkspaceSlug, string AuthorName, string Snippet, DateTimeOffset CreatedAt, bool IsRead);

/// <summary>Comment threads on workspace items, @mentions and the notifications they cause.</summary>
public sealed class CommentService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "comments";
    public const string NotificationsTopic = "notifications";

    public static readonly IReadOnlySet<string> TargetTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "workspace", "canvas-note", "kpi", "risk", "run", "exercise", "decision", "insight", "requirement", "teammember", "competitor", "compliance-item",
        "comparison-row", "positioning-map", "growth-funnel", "unit-economics", "persona", "channel",
    };

    /// <summary>The thread about an item; null for someone who may not read the workspace.</summary>
    public async Task<ThreadView?> GetThreadAsync(string? userId, Guid workspaceId, string targetType, string targetId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken);
        if (access is null || !access.Can(WorkspaceAction.Read))
        {
            return null;
        }

        var thread = await db.Set<CommentThread>().AsNoTracking()
            .Include(t => t.Comments)
            .SingleOrDefaultAsync(t => t.WorkspaceId == workspaceId && t.TargetType == targetType && t.TargetId == targetId, cancellationToken);
        var comments = thread?.Comments.OrderBy(c => c.Id).Select(c => new CommentView(c.Id, c.AuthorId, c.AuthorName, c.Body, c.CreatedAt)).ToList() ?? [];
        return new ThreadView(thread?.ResolvedAt is not null, comments, access.Can(WorkspaceAction.Comment));
    }

    public async Task<CommentView> AddAsync(string userId, Guid workspaceId, string targetType, string targetId, string body, CancellationToken cancellationToken = default)
    {
        var checks = new InputChecks();
        var text = checks.Text("Body", body, Comment.BodyMaxLength, required: true);
        checks.Expect(
            TargetTypes.Contains(targetType) && !string.IsNullOrEmpty(targetId) && targetId.Length <= CommentThread.TargetIdMaxLength,
            "Target",
            "Comments.Error.UnknownTarget");
        checks.ThrowIfAny();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Comment, cancellationToken);
        var author = await WorkspaceService.UserAsync(db, userId, cancellationToken);
        var thread = await db.Set<CommentThread>().Include(t => t.Comments)
            .SingleOrDefaultAsync(t => t.WorkspaceId == workspaceId && t.TargetType == targetType && t.TargetId == targetId, cancellationToken);
        if (thread is null)
        {
            thread = new CommentThread { WorkspaceId = workspaceId, TargetType = targetType, TargetId = targetId };
            db.Add(thread);
        }

        // A new comment reopens a resolved discussion.
        thread.ResolvedAt = null;
        thread.ResolvedById = null;
        var now = clock.GetUtcNow();
        var comment = new Comment { AuthorId = userId, AuthorName = author.NameForDisplay, Body = text, CreatedAt = now };
        thread.Comments.Add(comment);
        ActivityService.Record(db, workspaceId, author, "comment.added", Snippet(text), $"/w/{access.Slug}", now);
        await db.SaveChangesAsync(cancellationToken);

        var notified = await NotifyAsync(db, workspaceId, thread, comment, userId, now, cancellationToken);
        var view = new CommentView(comment.Id, comment.AuthorId, comment.AuthorName, comment.Body, comment.CreatedAt);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, $"{targetType}:{targetId}", userId, now) { Changes = ItemChanges.Of(view) });
        foreach (var recipient in notified)
        {
            await events.PublishToUserAsync(recipient, NotificationsTopic);
        }

        return view;
    }

    /// <summary>The people the user can mention in the workspace, themselves aside; nobody for someone who may not comment.</summary>
    public async Task<IReadOnlyList<Mentionable>> ListMentionableAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken);
        if (access is null || !access.Can(WorkspaceAction.Comment))
        {
            return [];
        }

        return (await AudienceAsync(db, workspaceId, cancellationToken))
            .Where(u => u.Id != userId)
            .Select(u => new Mentionable(u.Id, u.NameForDisplay))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }

    public async Task SetResolvedAsync(string userId, Guid workspaceId, string targetType, string targetId, bool resolved, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Comment, cancellationToken);
        var thread = await db.Set<CommentThread>()
            .SingleOrDefaultAsync(t => t.WorkspaceId == workspaceId && t.TargetType == targetType && t.TargetId == targetId, cancellationToken)
            ?? throw new InputRejectedException("Target", "Comments.Error.NoThread");
        var now = clock.GetUtcNow();
        thread.ResolvedAt = resolved ? now : null;
        thread.ResolvedById = resolved ? userId : null;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), resolved ? "comment.resolved" : "comment.reopened", targetType, $"/w/{access.Slug}", now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, $"{targetType}:{targetId}", userId, now));
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
    }

    public async Task<IReadOnlyList<NotificationView>> ListNotificationsAsync(string userId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // A notification points at a comment or at an announcement: whichever it has gives the author and the text.
        var rows = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.Id)
            .Take(Math.Clamp(take, 1, 100))
            .Join(db.Workspaces, n => n.WorkspaceId, w => w.Id, (n, w) => new { n, w.Name, w.Slug })
            .Select(x => new
            {
                x.n,
                x.Name,
                x.Slug,
                Comment = db.Set<Comment>().Where(c => c.Id == x.n.CommentId).Select(c => new { c.AuthorName, c.Body }).FirstOrDefault(),
                Announcement = db.Set<Portal.Features.Announcements.Announcement>().Where(a => a.Id == x.n.AnnouncementId).Select(a => new { a.AuthorName, a.Body }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new NotificationView(
                r.n.Id, r.n.Kind, r.Name, r.Slug,
                r.Comment?.AuthorName ?? r.Announcement?.AuthorName ?? "",
                Snippet(r.Comment?.Body ?? r.Announcement?.Body ?? ""),
                r.n.CreatedAt, r.n.ReadAt is not null))
            .OrderByDescending(n => n.Id)
            .ToList();
    }

    public async Task MarkReadAsync(string userId, long? notificationId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.Set<Notification>()
            .Where(n => n.UserId == userId && n.ReadAt == null && (notificationId == null || n.Id == notificationId))
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        await events.PublishToUserAsync(userId, NotificationsTopic);
    }

    /// <summary>Mentioned people get a mention; earlier participants get a reply. Never the author, never twice.</summary>
    private static async Task<IReadOnlyList<string>> NotifyAsync(
        PortalDbContext db, Guid workspaceId, CommentThread thread, Comment comment, string authorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var audience = await AudienceAsync(db, workspaceId, cancellationToken);
        var audienceIds = audience.Select(u => u.Id).ToHashSet();
        var names = audience.Select(u => u.NameForDisplay).ToList();
        var mentioned = audience
            .Where(u => u.Id != authorId && Mentions.Names(comment.Body, u.NameForDisplay, u.Email, names))
            .Select(u => u.Id)
            .ToHashSet();
        var participants = thread.Comments
            .Where(c => c.AuthorId is not null && c.AuthorId != authorId && !mentioned.Contains(c.AuthorId) && audienceIds.Contains(c.AuthorId))
            .Select(c => c.AuthorId!)
            .ToHashSet();
        foreach (var (recipients, kind) in new[] { (mentioned, "mention"), (participants, "reply") })
        {
            foreach (var recipient in recipients)
            {
                db.Add(new Notification { UserId = recipient, WorkspaceId = workspaceId, CommentId = comment.Id, Kind = kind, CreatedAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return [.. mentioned, .. participants];
    }

    /// <summary>Who can be mentioned and notified: the workspace's members and its cohort's instructors.</summary>
    private static async Task<List<ApplicationUser>> AudienceAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var cohortId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.CohortId).SingleAsync(cancellationToken);
        var audienceIds = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId).Select(m => m.UserId)
            .Union(db.Set<CohortInstructor>().Where(i => i.CohortId == cohortId).Select(i => i.UserId))
            .ToListAsync(cancellationToken);
        return await db.Users.Where(u => audienceIds.Contains(u.Id)).ToListAsync(cancellationToken);
    }

    private static string Snippet(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 119), "…");
}
