using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Kpis;
using Portal.Features.Research;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap;

/// <summary>
/// The roadmap of a workspace: milestones and the tasks on its board. Members and the cohort's instructors read, owners
/// and editors change, everyone else learns nothing. Every change to an item expects the version it was read at, is in
/// the activity log, and is announced on <see cref="Topic"/> after the save.
/// </summary>
public sealed class RoadmapService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "roadmap";

    public const string NoTaskKey = "Roadmap.Error.NoTask";

    public const string NoMilestoneKey = "Roadmap.Error.NoMilestone";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The whole roadmap with what its forms offer; null for someone who may not read the workspace.</summary>
    public async Task<RoadmapView?> GetAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (string.IsNullOrEmpty(userId) || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var reached = await RoadmapState.SyncReachedAsync(db, workspaceId, now, cancellationToken);
        if (reached.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var milestones = await RoadmapState.MilestonesAsync(db, workspaceId, null, cancellationToken);
        if (reached.Count > 0)
        {
            var ids = reached.Select(m => m.Id).ToHashSet();
            await PublishAsync(workspaceId, userId, now, [], [.. milestones.Where(m => ids.Contains(m.Id))], []);
        }

        var members = await db.WorkspaceMembers.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u).ToListAsync(cancellationToken);
        return new RoadmapView(
            milestones,
            await RoadmapState.TasksAsync(db, workspaceId, null, cancellationToken),
            [.. members.Select(u => new RoadmapMember(u.Id, u.NameForDisplay)).OrderBy(m => m.Name, StringComparer.CurrentCulture)],
            await ChoicesAsync(db.Set<Requirement>().Where(r => r.WorkspaceId == workspaceId).Select(r => new RoadmapChoice(r.Id, r.Title)), cancellationToken),
            await ChoicesAsync(db.Set<Risk>().Where(r => r.WorkspaceId == workspaceId).Select(r => new RoadmapChoice(r.Id, r.Title)), cancellationToken),
            await ChoicesAsync(db.Set<Kpi>().Where(k => k.WorkspaceId == workspaceId).Select(k => new RoadmapChoice(k.Id, k.Name)), cancellationToken),
            Today);
    }

    public async Task<MilestoneView> CreateMilestoneAsync(string userId, Guid workspaceId, MilestoneInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = await RoadmapChecks.MilestoneAsync(db, workspaceId, input, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<Milestone>().CountAsync(m => m.WorkspaceId == workspaceId, cancellationToken) >= Milestone.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Title), "Roadmap.Error.TooManyMilestones", Milestone.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var milestone = new Milestone { WorkspaceId = workspaceId, Title = clean.Title, CreatedAt = now, UpdatedAt = now };
        db.Add(milestone);
        ApplyMilestone(milestone, clean);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.milestone", milestone.Title, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await AfterChangeAsync(db, workspaceId, userId, now, [], milestone.Id, cancellationToken)
            ?? throw new InputRejectedException("Milestone", NoMilestoneKey);
    }

    public async Task<MilestoneView> UpdateMilestoneAsync(string userId, Guid workspaceId, Guid milestoneId, MilestoneInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var milestone = await db.Set<Milestone>().Include(m => m.Kpis).SingleOrDefaultAsync(m => m.Id == milestoneId && m.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Milestone", NoMilestoneKey);
        if (milestone.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<MilestoneView>(await CurrentMilestoneAsync(workspaceId, milestoneId, cancellationToken));
        }

        var clean = await RoadmapChecks.MilestoneAsync(db, workspaceId, input, cancellationToken);
        ApplyMilestone(milestone, clean);
        var now = clock.GetUtcNow();
        milestone.Version = Guid.NewGuid();
        milestone.UpdatedAt = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.milestone", milestone.Title, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException<MilestoneView>(await CurrentMilestoneAsync(workspaceId, milestoneId, cancellationToken));
        }

        return await AfterChangeAsync(db, workspaceId, userId, now, [], milestone.Id, cancellationToken)
            ?? throw new InputRejectedException("Milestone", NoMilestoneKey);
    }

    /// <summary>Deletes a milestone; its tasks stay on the board, serving no milestone.</summary>
    public async Task DeleteMilestoneAsync(string userId, Guid workspaceId, Guid milestoneId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var milestone = await db.Set<Milestone>().SingleOrDefaultAsync(m => m.Id == milestoneId && m.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Milestone", NoMilestoneKey);
        var now = clock.GetUtcNow();
        var serving = await db.Set<RoadmapTask>().Where(t => t.MilestoneId == milestoneId).ToListAsync(cancellationToken);
        foreach (var task in serving)
        {
            task.MilestoneId = null;
            Touch(task, now);
        }

        db.Remove(milestone);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.milestone.deleted", milestone.Title, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await AfterChangeAsync(db, workspaceId, userId, now, [.. serving.Select(t => t.Id)], null, cancellationToken, removed: milestoneId);
    }

    /// <summary>
    /// A new task at the end of its column. Other tools call this too (the team tool's hiring tasks, the imports), with
    /// the same checks and limit.
    /// </summary>
    public async Task<RoadmapTaskView> CreateTaskAsync(string userId, Guid workspaceId, RoadmapTaskInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = await RoadmapChecks.TaskAsync(db, workspaceId, input, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<RoadmapTask>().CountAsync(t => t.WorkspaceId == workspaceId, cancellationToken) >= RoadmapTask.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Title), "Roadmap.Error.TooManyTasks", RoadmapTask.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var task = new RoadmapTask { WorkspaceId = workspaceId, Title = clean.Title, CreatedAt = now, UpdatedAt = now };
        ApplyTask(task, clean, now);
        task.Position = await db.Set<RoadmapTask>().CountAsync(t => t.WorkspaceId == workspaceId && t.Status == clean.Status, cancellationToken);
        db.Add(task);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.task", task.Title, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        await AfterChangeAsync(db, workspaceId, userId, now, [task.Id], null, cancellationToken);
        return (await RoadmapState.TasksAsync(db, workspaceId, task.Id, cancellationToken)).Single();
    }

    /// <summary>Saves a task's fields unless it changed since <paramref name="expectedVersion"/>; a new status puts it at the end of that column.</summary>
    public async Task<RoadmapTaskView> UpdateTaskAsync(string userId, Guid workspaceId, Guid taskId, RoadmapTaskInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var task = await FindTaskAsync(db, workspaceId, taskId, expectedVersion, cancellationToken);
        var clean = await RoadmapChecks.TaskAsync(db, workspaceId, input, cancellationToken);
        var now = clock.GetUtcNow();
        List<Guid> touched = [task.Id];
        if (clean.Status != task.Status)
        {
            var target = await ColumnAsync(db, workspaceId, clean.Status, task.Id, cancellationToken);
            target.Add(task);
            touched.AddRange(await RenumberAsync(db, workspaceId, task.Status, task.Id, cancellationToken));
            Renumber(target);
        }

        ApplyTask(task, clean, now);
        Touch(task, now);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.task", task.Title, Link(access), now);
        await SaveTaskAsync(db, workspaceId, taskId, cancellationToken);
        await positions.CommitAsync(cancellationToken);
        await AfterChangeAsync(db, workspaceId, userId, now, touched, null, cancellationToken);
        return (await RoadmapState.TasksAsync(db, workspaceId, task.Id, cancellationToken)).Single();
    }

    /// <summary>
    /// Puts a task at <paramref name="toIndex"/> of the column <paramref name="toStatus"/> (clamped to the column), and
    /// numbers both columns from 0 again, in one save. Refused with the current task when it changed since
    /// <paramref name="expectedVersion"/> (someone else moved or edited it first).
    /// </summary>
    public async Task<RoadmapTaskView> MoveTaskAsync(string userId, Guid workspaceId, Guid taskId, RoadmapTaskStatus toStatus, int toIndex, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        if (!Enum.IsDefined(toStatus))
        {
            throw new InputRejectedException("Status", "Validation.RequiredField");
        }

        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var task = await FindTaskAsync(db, workspaceId, taskId, expectedVersion, cancellationToken);
        var from = task.Status;
        var now = clock.GetUtcNow();
        var target = await ColumnAsync(db, workspaceId, toStatus, task.Id, cancellationToken);
        target.Insert(Math.Clamp(toIndex, 0, target.Count), task);
        List<Guid> touched = [.. Renumber(target)];
        if (from != toStatus)
        {
            touched.AddRange(await RenumberAsync(db, workspaceId, from, task.Id, cancellationToken));
            task.Status = toStatus;
            task.CompletedAt = toStatus == RoadmapTaskStatus.Done ? now : null;
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.moved", task.Title, Link(access), now);
        }

        Touch(task, now);
        await SaveTaskAsync(db, workspaceId, taskId, cancellationToken);
        await positions.CommitAsync(cancellationToken);
        await AfterChangeAsync(db, workspaceId, userId, now, [.. touched.Append(task.Id).Distinct()], null, cancellationToken);
        return (await RoadmapState.TasksAsync(db, workspaceId, task.Id, cancellationToken)).Single();
    }

    public async Task DeleteTaskAsync(string userId, Guid workspaceId, Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var task = await db.Set<RoadmapTask>().SingleOrDefaultAsync(t => t.Id == taskId && t.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Task", NoTaskKey);
        db.Remove(task);
        var touched = await RenumberAsync(db, workspaceId, task.Status, task.Id, cancellationToken);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "roadmap.task.deleted", task.Title, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await positions.CommitAsync(cancellationToken);
        await AfterChangeAsync(db, workspaceId, userId, now, touched, null, cancellationToken, removed: taskId);
    }

    private static void ApplyMilestone(Milestone milestone, MilestoneInput clean)
    {
        milestone.Title = clean.Title;
        milestone.DueOn = clean.DueOn!.Value; // Required by the checks.
        milestone.DefinitionOfDone = clean.DefinitionOfDone;
        milestone.Kpis.RemoveAll(k => !clean.KpiIds.Contains(k.KpiId));
        foreach (var kpiId in clean.KpiIds.Where(id => milestone.Kpis.All(k => k.KpiId != id)))
        {
            milestone.Kpis.Add(new MilestoneKpi { MilestoneId = milestone.Id, KpiId = kpiId });
        }
    }

    private static void ApplyTask(RoadmapTask task, RoadmapTaskInput clean, DateTimeOffset now)
    {
        task.Title = clean.Title;
        task.Description = clean.Description;
        task.AssigneeId = clean.AssigneeId;
        task.StartOn = clean.StartOn;
        task.DueOn = clean.DueOn;
        task.EstimateDays = clean.EstimateDays;
        task.CompletedAt = clean.Status != RoadmapTaskStatus.Done ? null : task.Status == RoadmapTaskStatus.Done && task.CompletedAt is not null ? task.CompletedAt : now;
        task.Status = clean.Status;
        task.MilestoneId = clean.MilestoneId;
        task.RequirementId = clean.RequirementId;
        task.RiskId = clean.RiskId;
        task.KpiId = clean.KpiId;
        task.Source = clean.Source ?? task.Source;
    }

    private static void Touch(RoadmapTask task, DateTimeOffset now)
    {
        task.Version = Guid.NewGuid();
        task.UpdatedAt = now;
    }

    /// <summary>The task, unless it is gone (refused) or changed since <paramref name="expectedVersion"/> (refused with the current one).</summary>
    private static async Task<RoadmapTask> FindTaskAsync(PortalDbContext db, Guid workspaceId, Guid taskId, Guid expectedVersion, CancellationToken cancellationToken)
    {
        var task = await db.Set<RoadmapTask>().SingleOrDefaultAsync(t => t.Id == taskId && t.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Task", NoTaskKey);
        return task.Version == expectedVersion
            ? task
            : throw new ConcurrencyConflictException<RoadmapTaskView>((await RoadmapState.TasksAsync(db, workspaceId, taskId, cancellationToken)).Single());
    }

    private async Task SaveTaskAsync(PortalDbContext db, Guid workspaceId, Guid taskId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw (await RoadmapState.TasksAsync(fresh, workspaceId, taskId, cancellationToken)).SingleOrDefault() is { } current
                ? new ConcurrencyConflictException<RoadmapTaskView>(current)
                : new InputRejectedException("Task", NoTaskKey);
        }
    }

    private async Task<MilestoneView> CurrentMilestoneAsync(Guid workspaceId, Guid milestoneId, CancellationToken cancellationToken)
    {
        await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await RoadmapState.MilestonesAsync(fresh, workspaceId, milestoneId, cancellationToken)).SingleOrDefault()
            ?? throw new InputRejectedException("Milestone", NoMilestoneKey);
    }

    /// <summary>The column's other tasks, tracked, in their order.</summary>
    private static async Task<List<RoadmapTask>> ColumnAsync(PortalDbContext db, Guid workspaceId, RoadmapTaskStatus status, Guid except, CancellationToken cancellationToken) =>
        await db.Set<RoadmapTask>().Where(t => t.WorkspaceId == workspaceId && t.Status == status && t.Id != except)
            .OrderBy(t => t.Position).ToListAsync(cancellationToken);

    private static async Task<List<Guid>> RenumberAsync(PortalDbContext db, Guid workspaceId, RoadmapTaskStatus status, Guid except, CancellationToken cancellationToken) =>
        Renumber(await ColumnAsync(db, workspaceId, status, except, cancellationToken));

    /// <summary>
    /// Positions 0, 1, 2… in list order; returns the ids of those that moved. A neighbour's version stays: its place is
    /// the board's, not something its editor typed, so a move does not turn an open form on it stale.
    /// </summary>
    private static List<Guid> Renumber(List<RoadmapTask> column)
    {
        List<Guid> moved = [];
        for (var i = 0; i < column.Count; i++)
        {
            if (column[i].Position != i)
            {
                column[i].Position = i;
                moved.Add(column[i].Id);
            }
        }

        return moved;
    }

    private static async Task<IReadOnlyList<RoadmapChoice>> ChoicesAsync(IQueryable<RoadmapChoice> choices, CancellationToken cancellationToken) =>
        [.. (await choices.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(c => c.Name, StringComparer.CurrentCulture)];

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/roadmap";

    /// <summary>
    /// After a saved change: brings the milestones' reached state up to date (a task done may complete one), then tells
    /// every open roadmap page the changed tasks and all milestones (their progress may have moved) with the ids removed.
    /// Returns the milestone <paramref name="milestoneId"/> names, if any.
    /// </summary>
    private async Task<MilestoneView?> AfterChangeAsync(
        PortalDbContext db, Guid workspaceId, string userId, DateTimeOffset now, IReadOnlyList<Guid> taskIds, Guid? milestoneId, CancellationToken cancellationToken, Guid? removed = null)
    {
        db.ChangeTracker.Clear();
        if ((await RoadmapState.SyncReachedAsync(db, workspaceId, now, cancellationToken)).Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var milestones = await RoadmapState.MilestonesAsync(db, workspaceId, null, cancellationToken);
        var ids = taskIds.ToHashSet();
        var tasks = ids.Count == 0 ? [] : (await RoadmapState.TasksAsync(db, workspaceId, null, cancellationToken)).Where(t => ids.Contains(t.Id)).ToList();
        await PublishAsync(workspaceId, userId, now, tasks, milestones, removed is { } gone ? [gone] : []);
        return milestones.Find(m => m.Id == milestoneId);
    }

    private Task PublishAsync(Guid workspaceId, string userId, DateTimeOffset at, IReadOnlyList<RoadmapTaskView> tasks, IReadOnlyList<MilestoneView> milestones, IReadOnlyList<Guid> removed) =>
        events.PublishAsync(new WorkspaceChange(workspaceId, Topic, null, userId, at) { Changes = new RoadmapChanges(tasks, milestones, removed) });
}
