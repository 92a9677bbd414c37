using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Roadmap.Import;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap;

/// <summary>What an import stored and what it left out, for the report shown after it.</summary>
public sealed record RoadmapImportResult(int Added, IReadOnlyList<string> AlreadyImported, int NotMapped, IReadOnlyList<string> UnmatchedAssignees);

/// <summary>Tasks into the board from a Trello or Jira file, and the board out as a CSV file.</summary>
public sealed class RoadmapTransferService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    /// <summary>The roadmap's topic: every open board and timeline reloads its tasks on a change to it.</summary>
    public const string Topic = "roadmap";

    public const string ActivityKind = "roadmap.imported";

    public static readonly IReadOnlyList<string> CsvColumns = ["title", "status", "assignee", "start", "due", "estimate_days", "milestone", "description"];

    /// <summary>
    /// Stores the preview's mapped tasks at the end of their columns in one transaction and one save. A task whose source
    /// is already on the board (an earlier import of the same file) is skipped and named; tasks that would take the board
    /// past <see cref="RoadmapTask.MaxPerWorkspace"/> refuse the whole import, saying how much room is left. Assignees are
    /// matched to the workspace's members by e-mail, then by name; the others are left unassigned and named.
    /// </summary>
    public async Task<RoadmapImportResult> ImportAsync(string userId, Guid workspaceId, RoadmapImportPreview preview, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preview);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var mapped = preview.Mapped();
        Check(mapped.Select(m => m.Task));
        var members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u)
            .AsNoTracking().ToListAsync(cancellationToken);

        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var existing = await db.Set<RoadmapTask>().Where(t => t.WorkspaceId == workspaceId)
            .Select(t => new { t.Source, t.Status, t.Position }).ToListAsync(cancellationToken);
        var sources = existing.Where(t => t.Source != null).Select(t => t.Source!).ToHashSet(StringComparer.Ordinal);
        var already = mapped.Where(m => sources.Contains(m.Task.Source)).Select(m => m.Task.Title).ToList();
        var toAdd = mapped.Where(m => !sources.Contains(m.Task.Source)).ToList();
        var room = RoadmapTask.MaxPerWorkspace - existing.Count;
        if (toAdd.Count > room)
        {
            throw new InputRejectedException("File", "RoadmapImport.Error.TooMany", toAdd.Count, Math.Max(room, 0), RoadmapTask.MaxPerWorkspace);
        }

        var next = Enum.GetValues<RoadmapTaskStatus>().ToDictionary(s => s, s => existing.Where(t => t.Status == s).Select(t => t.Position + 1).DefaultIfEmpty(0).Max());
        var unmatched = new SortedSet<string>(StringComparer.CurrentCulture);
        var now = clock.GetUtcNow();
        foreach (var (task, column) in toAdd)
        {
            var assignee = Match(task, members);
            if (assignee is null && (task.AssigneeEmail ?? task.AssigneeName) is { } who)
            {
                unmatched.Add(who);
            }

            db.Add(new RoadmapTask
            {
                WorkspaceId = workspaceId,
                Title = task.Title,
                Description = task.Description,
                AssigneeId = assignee,
                StartOn = task.StartOn,
                DueOn = task.DueOn,
                EstimateDays = task.EstimateDays,
                Status = column,
                Position = next[column]++,
                Source = task.Source,
                CompletedAt = column == RoadmapTaskStatus.Done ? now : null,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        if (toAdd.Count > 0)
        {
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), ActivityKind,
                toAdd.Count.ToString(CultureInfo.InvariantCulture), $"/w/{access.Slug}/roadmap", now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await limit.CommitAsync(cancellationToken);
        if (toAdd.Count > 0)
        {
            // Many tasks at once: the change names none, and every open page reloads the board.
            await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, null, userId, now));
        }

        return new RoadmapImportResult(toAdd.Count, already, preview.Tasks.Count - mapped.Count, [.. unmatched]);
    }

    /// <summary>Every task as CSV (the columns of <see cref="CsvColumns"/>), board order; null for someone who may not read the workspace.</summary>
    public async Task<string?> ExportCsvAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var tasks = await db.Set<RoadmapTask>().AsNoTracking().Where(t => t.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var milestones = await db.Set<Milestone>().AsNoTracking().Where(m => m.WorkspaceId == workspaceId).ToDictionaryAsync(m => m.Id, m => m.Title, cancellationToken);
        var assigneeIds = tasks.Select(t => t.AssigneeId).OfType<string>().Distinct().ToList();
        var emails = await db.Users.Where(u => assigneeIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", cancellationToken);
        var csv = Csv.Row(new StringBuilder(), CsvColumns);
        foreach (var task in tasks.OrderBy(t => t.Status).ThenBy(t => t.Position).ThenBy(t => t.CreatedAt))
        {
            Csv.Row(csv,
            [
                Csv.Text(task.Title), task.Status.ToString(),
                Csv.Text(task.AssigneeId is null ? "" : emails.GetValueOrDefault(task.AssigneeId, "")),
                Day(task.StartOn), Day(task.DueOn),
                task.EstimateDays?.ToString("0.##", CultureInfo.InvariantCulture) ?? "",
                Csv.Text(task.MilestoneId is { } m ? milestones.GetValueOrDefault(m, "") : ""),
                Csv.Text(task.Description),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>The parsers keep to the task's limits; a preview built otherwise is checked here as any input is.</summary>
    private static void Check(IEnumerable<ImportedTask> tasks)
    {
        var checks = new InputChecks();
        foreach (var task in tasks)
        {
            checks.Text("Title", task.Title, RoadmapTask.TitleMaxLength, required: true);
            checks.Text("Description", task.Description, RoadmapTask.DescriptionMaxLength);
            checks.Text("Source", task.Source, RoadmapTask.SourceMaxLength, required: true);
            checks.Expect(task.EstimateDays is null or (>= 0 and <= RoadmapTask.MaxEstimateDays), "EstimateDays", "RoadmapImport.Error.Estimate", RoadmapTask.MaxEstimateDays);
        }

        checks.ThrowIfAny();
    }

    /// <summary>The member whose e-mail is the task's, else the one member whose name or user name is the task's assignee.</summary>
    private static string? Match(ImportedTask task, List<ApplicationUser> members)
    {
        if (task.AssigneeEmail is { Length: > 0 } email
            && members.Find(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)) is { } byEmail)
        {
            return byEmail.Id;
        }

        if (task.AssigneeName is not { Length: > 0 } name)
        {
            return null;
        }

        var named = members.Where(u => string.Equals(u.DisplayName?.Trim(), name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(u.UserName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count == 1 ? named[0].Id : null;
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
