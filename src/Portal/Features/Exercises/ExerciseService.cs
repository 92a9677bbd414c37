using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Exercises;

public sealed record ExerciseInput(string Title, string Instructions, string Tool, DateTimeOffset Deadline);

public sealed record TeamSubmission(Guid WorkspaceId, string Slug, string TeamName, DateTimeOffset? SubmittedAt);

/// <summary>An exercise as its cohort's instructors see it: every team and whether it has submitted.</summary>
public sealed record ExerciseOverview(Guid Id, string Title, string InstructionsHtml, string Tool, DateTimeOffset Deadline, IReadOnlyList<TeamSubmission> Teams)
{
    public int SubmittedCount => Teams.Count(t => t.SubmittedAt is not null);
}

/// <summary>An exercise as a team sees it.</summary>
public sealed record TeamExercise(Guid Id, string Title, string InstructionsHtml, string Tool, DateTimeOffset Deadline, DateTimeOffset? SubmittedAt);

public sealed class ExerciseService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, CohortService cohorts, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "exercises";

    public async Task<Guid> PostAsync(string instructorId, Guid cohortId, ExerciseInput input, CancellationToken cancellationToken = default)
    {
        if (!await cohorts.IsInstructorOfAsync(instructorId, cohortId, cancellationToken))
        {
            throw new CohortAccessDeniedException();
        }

        var now = clock.GetUtcNow();
        var checks = new InputChecks();
        var title = checks.Text(nameof(input.Title), input.Title, Exercise.TitleMaxLength, required: true);
        var instructions = checks.Text(nameof(input.Instructions), input.Instructions, UserMarkdown.MaxLength);
        checks.Expect(Exercise.Tools.Contains(input.Tool), nameof(input.Tool), "Validation.RequiredField");
        checks.Expect(input.Deadline > now, nameof(input.Deadline), "Exercise.Error.DeadlinePassed");
        checks.ThrowIfAny();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var exercise = new Exercise
        {
            CohortId = cohortId,
            Title = title,
            Instructions = instructions,
            Tool = input.Tool,
            Deadline = input.Deadline,
            CreatedById = instructorId,
            CreatedAt = now,
        };
        db.Add(exercise);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var workspaceId in await db.Workspaces.Where(w => w.CohortId == cohortId).Select(w => w.Id).ToListAsync(cancellationToken))
        {
            await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, exercise.Id.ToString(), instructorId, now));
        }

        return exercise.Id;
    }

    /// <summary>The cohort's exercises with each team's submission; null for anyone but its instructors.</summary>
    public async Task<IReadOnlyList<ExerciseOverview>?> ListForCohortAsync(string? userId, Guid cohortId, CancellationToken cancellationToken = default)
    {
        if (!await cohorts.IsInstructorOfAsync(userId, cohortId, cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var exercises = await db.Set<Exercise>().AsNoTracking().Include(e => e.Submissions)
            .Where(e => e.CohortId == cohortId)
            .ToListAsync(cancellationToken);
        var teams = await db.Workspaces.AsNoTracking().Where(w => w.CohortId == cohortId).OrderBy(w => w.Name)
            .Select(w => new { w.Id, w.Slug, w.Name }).ToListAsync(cancellationToken);
        return exercises
            .OrderBy(e => e.Deadline)
            .Select(e => new ExerciseOverview(
                e.Id, e.Title, UserMarkdown.ToHtml(e.Instructions), e.Tool, e.Deadline,
                [.. teams.Select(t => new TeamSubmission(t.Id, t.Slug, t.Name, e.Submissions.FirstOrDefault(s => s.WorkspaceId == t.Id)?.SubmittedAt))]))
            .ToList();
    }

    /// <summary>The exercises of the workspace's cohort; empty for anyone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<TeamExercise>> ListForWorkspaceAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
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

        var exercises = await db.Set<Exercise>().AsNoTracking().Include(e => e.Submissions)
            .Where(e => e.CohortId == cohortId)
            .ToListAsync(cancellationToken);
        return exercises
            .OrderBy(e => e.Deadline)
            .Select(e => new TeamExercise(e.Id, e.Title, UserMarkdown.ToHtml(e.Instructions), e.Tool, e.Deadline, e.Submissions.FirstOrDefault(s => s.WorkspaceId == workspaceId)?.SubmittedAt))
            .ToList();
    }

    /// <summary>The team marks the exercise submitted, or takes the submission back.</summary>
    public async Task SetSubmittedAsync(string userId, Guid workspaceId, Guid exerciseId, bool submitted, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var cohortId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.CohortId).SingleAsync(cancellationToken);
        var exercise = await db.Set<Exercise>().Include(e => e.Submissions).SingleOrDefaultAsync(e => e.Id == exerciseId && e.CohortId == cohortId, cancellationToken)
            ?? throw new InputRejectedException("Exercise", "Exercise.Error.NotInCohort");
        var existing = exercise.Submissions.FirstOrDefault(s => s.WorkspaceId == workspaceId);
        var now = clock.GetUtcNow();
        if (submitted && existing is null)
        {
            exercise.Submissions.Add(new ExerciseSubmission { WorkspaceId = workspaceId, SubmittedById = userId, SubmittedAt = now });
        }
        else if (!submitted && existing is not null)
        {
            exercise.Submissions.Remove(existing);
        }
        else
        {
            return;
        }

        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), submitted ? "exercise.submitted" : "exercise.withdrawn", exercise.Title, $"/w/{access.Slug}", now);
        await db.SaveChangesAsync(cancellationToken);
        var view = new TeamExercise(exercise.Id, exercise.Title, UserMarkdown.ToHtml(exercise.Instructions), exercise.Tool, exercise.Deadline, submitted ? now : null);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, exercise.Id.ToString(), userId, now) { Changes = ItemChanges.Of(view) });
    }
}
