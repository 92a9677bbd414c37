using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Decisions;

/// <summary>The technology decisions of a workspace: each question's matrix and its decision record.</summary>
public sealed class DecisionService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "decisions";

    /// <summary>The refusal of a change to a decision that no longer exists (someone deleted it).</summary>
    public const string NoDecisionKey = "Decision.Error.NoDecision";

    /// <summary>Every decision of the workspace, newest first; null for someone who may not read it.</summary>
    public async Task<IReadOnlyList<DecisionView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var decisions = await WithParts(db).AsNoTracking().Where(d => d.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. decisions.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Question, StringComparer.CurrentCulture).Select(DecisionView.Of)];
    }

    /// <summary>One decision; null for someone who may not read the workspace, or when it has no such decision.</summary>
    public async Task<DecisionView?> GetAsync(string? userId, Guid workspaceId, Guid decisionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var decision = await WithParts(db).AsNoTracking().SingleOrDefaultAsync(d => d.Id == decisionId && d.WorkspaceId == workspaceId, cancellationToken);
        return decision is null ? null : DecisionView.Of(decision);
    }

    /// <summary>A new question, Proposed, with its matrix (see <see cref="DecisionInput.NewQuestion"/> for the outline's criteria).</summary>
    public async Task<DecisionView> CreateAsync(string userId, Guid workspaceId, DecisionInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = DecisionChecks.Matrix(input, chosenOptionId: null);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<Decision>().CountAsync(d => d.WorkspaceId == workspaceId, cancellationToken) >= Decision.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Question), "Decision.Error.TooMany", Decision.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var decision = new Decision { WorkspaceId = workspaceId, Question = clean.Question, CreatedAt = now, UpdatedAt = now };
        db.Add(decision);
        ApplyMatrix(db, decision, clean);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "decision.created", decision.Question, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(decision, userId, now);
    }

    /// <summary>Saves the question, options, criteria, weights and scores at once, unless someone changed the decision since <paramref name="expectedVersion"/>.</summary>
    public Task<DecisionView> UpdateAsync(string userId, Guid workspaceId, Guid decisionId, DecisionInput input, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, workspaceId, decisionId, expectedVersion, "decision.updated", (db, decision) =>
        {
            ApplyMatrix(db, decision, DecisionChecks.Matrix(input, decision.ChosenOptionId));
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Saves the decision record (context, choice, consequences, date, status), unless it changed since <paramref name="expectedVersion"/>.</summary>
    public Task<DecisionView> RecordAsync(string userId, Guid workspaceId, Guid decisionId, DecisionRecordInput input, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, workspaceId, decisionId, expectedVersion, "decision.recorded", (_, decision) =>
        {
            var clean = DecisionChecks.Record(input, decision.Options.Select(o => o.Id), decision.Status);
            decision.Context = clean.Context;
            decision.ChosenOptionId = clean.ChosenOptionId;
            decision.Consequences = clean.Consequences;
            decision.DecidedOn = clean.DecidedOn;
            decision.Status = clean.Status;
            decision.SupersededById = clean.Status == DecisionStatus.Superseded ? decision.SupersededById : null;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Marks an accepted decision superseded by <paramref name="successorId"/>, a decision of the same workspace that still holds.</summary>
    public Task<DecisionView> SupersedeAsync(string userId, Guid workspaceId, Guid decisionId, Guid successorId, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, workspaceId, decisionId, expectedVersion, "decision.superseded", async (db, decision) =>
        {
            var successor = await db.Set<Decision>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == successorId && d.WorkspaceId == workspaceId, cancellationToken);
            DecisionChecks.Supersede(decision, successor);
            decision.Status = DecisionStatus.Superseded;
            decision.SupersededById = successorId;
        }, cancellationToken);

    /// <summary>
    /// Deletes a decision. Those it superseded hold again (Accepted, no link): a "superseded by" nothing would mislead.
    /// The one change announced carries them with their new versions and the id removed.
    /// </summary>
    public async Task DeleteAsync(string userId, Guid workspaceId, Guid decisionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var decision = await FindAsync(db, workspaceId, decisionId, cancellationToken);
        var now = clock.GetUtcNow();
        var restored = await WithParts(db).Where(d => d.WorkspaceId == workspaceId && d.SupersededById == decisionId).ToListAsync(cancellationToken);
        foreach (var predecessor in restored)
        {
            predecessor.Status = DecisionStatus.Accepted;
            predecessor.SupersededById = null;
            Touch(predecessor, now);
        }

        db.Remove(decision);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "decision.deleted", decision.Question, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, decisionId.ToString(), userId, now)
        {
            Changes = new ItemChanges<DecisionView>([.. restored.Select(DecisionView.Of)], [decisionId]),
        });
    }

    /// <summary>
    /// The one path of every change to an existing decision: demand, refuse a stale version with the current one,
    /// change (which validates), new version, activity, save (or conflict, if someone saved in between), announce.
    /// </summary>
    private async Task<DecisionView> ChangeAsync(string userId, Guid workspaceId, Guid decisionId, Guid expectedVersion, string activityKind, Func<PortalDbContext, Decision, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var decision = await FindAsync(db, workspaceId, decisionId, cancellationToken);
        if (decision.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<DecisionView>(DecisionView.Of(decision));
        }

        await change(db, decision);
        var now = clock.GetUtcNow();
        Touch(decision, now);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), activityKind, decision.Question, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<DecisionView>(DecisionView.Of(await FindAsync(fresh, workspaceId, decisionId, cancellationToken)));
        }

        return await PublishAsync(decision, userId, now);
    }

    /// <summary>Makes the decision's options, criteria and scores those of the input: rows named by id are kept and updated.</summary>
    private static void ApplyMatrix(PortalDbContext db, Decision decision, DecisionInput input)
    {
        decision.Question = input.Question;
        var optionIds = Merge(db, decision.Options, input.Options, o => o.Id, o => o.Id, () => new DecisionOption { DecisionId = decision.Id }, (row, o, position) =>
        {
            row.Name = o.Name;
            row.Note = o.Note;
            row.Position = position;
        });
        var criterionIds = Merge(db, decision.Criteria, input.Criteria, c => c.Id, c => c.Id, () => new DecisionCriterion { DecisionId = decision.Id }, (row, c, position) =>
        {
            row.Code = c.Code;
            row.Name = c.Name;
            row.Weight = c.Weight;
            row.Position = position;
        });
        var wanted = input.Scores.ToDictionary(s => (optionIds[s.OptionId], criterionIds[s.CriterionId]));
        foreach (var gone in decision.Scores.Where(s => !wanted.ContainsKey((s.OptionId, s.CriterionId))).ToList())
        {
            decision.Scores.Remove(gone);
            db.Remove(gone);
        }

        foreach (var ((optionId, criterionId), score) in wanted)
        {
            var row = decision.Scores.Find(s => s.OptionId == optionId && s.CriterionId == criterionId);
            if (row is null)
            {
                // Tracked with the decision's id, EF puts it in decision.Scores itself.
                row = new DecisionScore { DecisionId = decision.Id, OptionId = optionId, CriterionId = criterionId };
                db.Add(row);
            }

            row.Value = score.Value;
            row.Note = score.Note;
        }
    }

    /// <summary>Updates the rows the input names, removes the others, adds the input's new ones; returns the input's ids as row ids.</summary>
    private static Dictionary<Guid, Guid> Merge<TRow, TInput>(PortalDbContext db, List<TRow> rows, IReadOnlyList<TInput> inputs, Func<TRow, Guid> rowId, Func<TInput, Guid> inputId, Func<TRow> create, Action<TRow, TInput, int> set)
        where TRow : class
    {
        var existing = rows.ToDictionary(rowId);
        var ids = new Dictionary<Guid, Guid>();
        for (var position = 0; position < inputs.Count; position++)
        {
            // A new row gets an id of its own (one a page made up could be another decision's); tracked with the
            // decision's id, EF puts it in the decision's list itself.
            if (!existing.TryGetValue(inputId(inputs[position]), out var row))
            {
                row = create();
                db.Add(row);
            }

            set(row, inputs[position], position);
            ids[inputId(inputs[position])] = rowId(row);
        }

        var kept = ids.Values.ToHashSet();
        foreach (var gone in rows.Where(r => !kept.Contains(rowId(r))).ToList())
        {
            rows.Remove(gone);
            db.Remove(gone);
        }

        return ids;
    }

    private static void Touch(Decision decision, DateTimeOffset now)
    {
        decision.Version = Guid.NewGuid();
        decision.UpdatedAt = now;
    }

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/decisions";

    private static IQueryable<Decision> WithParts(PortalDbContext db) =>
        // Split: one query per part instead of options × criteria × scores rows.
        db.Set<Decision>().Include(d => d.Options).Include(d => d.Criteria).Include(d => d.Scores).AsSplitQuery();

    private static async Task<Decision> FindAsync(PortalDbContext db, Guid workspaceId, Guid decisionId, CancellationToken cancellationToken) =>
        await WithParts(db).SingleOrDefaultAsync(d => d.Id == decisionId && d.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Decision", NoDecisionKey);

    /// <summary>Tells every open decisions page the decision's new state and version; returns it.</summary>
    private async Task<DecisionView> PublishAsync(Decision decision, string userId, DateTimeOffset at)
    {
        var view = DecisionView.Of(decision);
        await events.PublishAsync(new WorkspaceChange(decision.WorkspaceId, Topic, decision.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
