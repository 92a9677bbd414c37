using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>
/// A workspace's user research: interviews, the insights they back and the requirements those justify. Every change is
/// checked, demanded by role, refused when stale (with the current value), logged and announced on <see cref="Topic"/>.
/// </summary>
public sealed class ResearchService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "research";

    public const string NoInterviewKey = "Research.Error.NoInterview";
    public const string NoInsightKey = "Research.Error.NoInsight";
    public const string NoRequirementKey = "Research.Error.NoRequirement";

    private static readonly ItemKind<Interview, InterviewView> Interviews = new(
        "research.interview", NoInterviewKey, db => db.Set<Interview>(), InterviewView.Of, i => i.Person);

    private static readonly ItemKind<Insight, InsightView> Insights = new(
        "research.insight", NoInsightKey, db => db.Set<Insight>().Include(i => i.Evidence), InsightView.Of, i => i.Statement);

    private static readonly ItemKind<Requirement, RequirementView> Requirements = new(
        "research.requirement", NoRequirementKey, db => db.Set<Requirement>().Include(r => r.Insights), RequirementView.Of, r => r.Title);

    /// <summary>All of the workspace's research; null for someone who may not read it.</summary>
    public async Task<ResearchView?> GetAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var interviews = await db.Set<Interview>().AsNoTracking().Where(i => i.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var insights = await Insights.Query(db).AsNoTracking().Where(i => i.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var requirements = await Requirements.Query(db).AsNoTracking().Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return new ResearchView(
            [.. interviews.OrderByDescending(i => i.HeldOn).ThenByDescending(i => i.CreatedAt).Select(InterviewView.Of)],
            [.. insights.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(InsightView.Of)],
            [.. requirements.OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(RequirementView.Of)]);
    }

    /// <summary>
    /// The texts of the canvas's Customer Segments notes, offered as an interview's segment (first line, cut to the
    /// segment's length); null for someone who may not read the workspace.
    /// </summary>
    public async Task<IReadOnlyList<string>?> SegmentsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var notes = await NotesAsync(userId, workspaceId, CanvasBlock.CustomerSegments, cancellationToken);
        return notes?.Select(n => FirstLine(n.Text, Interview.SegmentMaxLength)).Where(t => t.Length > 0).Distinct().ToList();
    }

    /// <summary>The canvas's Value Propositions notes a requirement may name; null for someone who may not read the workspace.</summary>
    public Task<IReadOnlyList<ValuePropositionView>?> ValuePropositionsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default) =>
        NotesAsync(userId, workspaceId, CanvasBlock.ValuePropositions, cancellationToken);

    public async Task<InterviewView> CreateInterviewAsync(string userId, Guid workspaceId, InterviewInput input, CancellationToken cancellationToken = default)
    {
        var clean = ResearchChecks.Interview(input, Today());
        return await CreateAsync(userId, workspaceId, Interviews, Interview.MaxPerWorkspace, nameof(input.Person), (_, now) => Task.FromResult(new Interview
        {
            WorkspaceId = workspaceId,
            Segment = clean.Segment,
            Role = clean.Role,
            Person = clean.Person,
            HeldOn = clean.HeldOn,
            Method = clean.Method,
            Notes = clean.Notes,
            CreatedById = userId,
            CreatedAt = now,
            UpdatedAt = now,
        }), cancellationToken);
    }

    public Task<InterviewView> UpdateInterviewAsync(string userId, Guid workspaceId, Guid interviewId, InterviewInput input, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, workspaceId, interviewId, expectedVersion, Interviews, (_, interview) =>
        {
            var clean = ResearchChecks.Interview(input, Today());
            (interview.Segment, interview.Role, interview.Person, interview.HeldOn, interview.Method, interview.Notes) =
                (clean.Segment, clean.Role, clean.Person, clean.HeldOn, clean.Method, clean.Notes);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Deletes an interview; the insights it backed lose it as evidence (and may turn weak).</summary>
    public Task DeleteInterviewAsync(string userId, Guid workspaceId, Guid interviewId, CancellationToken cancellationToken = default) =>
        DeleteAsync(userId, workspaceId, interviewId, Interviews, cancellationToken);

    public async Task<InsightView> CreateInsightAsync(string userId, Guid workspaceId, InsightInput input, CancellationToken cancellationToken = default) =>
        await CreateAsync(userId, workspaceId, Insights, Insight.MaxPerWorkspace, nameof(input.Statement), async (db, now) =>
        {
            var clean = ResearchChecks.Insight(input, await IdsAsync<Interview>(db, workspaceId, cancellationToken));
            var insight = new Insight { WorkspaceId = workspaceId, Statement = clean.Statement, Tags = clean.Tags, CreatedAt = now, UpdatedAt = now };
            insight.Evidence.AddRange(clean.InterviewIds.Select(id => new InsightEvidence { InsightId = insight.Id, InterviewId = id }));
            return insight;
        }, cancellationToken);

    public Task<InsightView> UpdateInsightAsync(string userId, Guid workspaceId, Guid insightId, InsightInput input, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, workspaceId, insightId, expectedVersion, Insights, async (db, insight) =>
        {
            var clean = ResearchChecks.Insight(input, await IdsAsync<Interview>(db, workspaceId, cancellationToken));
            (insight.Statement, insight.Tags) = (clean.Statement, clean.Tags);
            Relink(db, insight.Evidence, e => e.InterviewId, clean.InterviewIds, id => new InsightEvidence { InsightId = insight.Id, InterviewId = id });
        }, cancellationToken);

    /// <summary>Deletes an insight; the requirements it justified lose it (and may be left without evidence).</summary>
    public Task DeleteInsightAsync(string userId, Guid workspaceId, Guid insightId, CancellationToken cancellationToken = default) =>
        DeleteAsync(userId, workspaceId, insightId, Insights, cancellationToken);

    public async Task<RequirementView> CreateRequirementAsync(string userId, Guid workspaceId, RequirementInput input, CancellationToken cancellationToken = default) =>
        await CreateAsync(userId, workspaceId, Requirements, Requirement.MaxPerWorkspace, nameof(input.Title), async (db, now) =>
        {
            var clean = await CheckAsync(db, workspaceId, input, cancellationToken);
            var requirement = new Requirement { WorkspaceId = workspaceId, Title = clean.Title, CreatedAt = now, UpdatedAt = now };
            Set(requirement, clean);
            requirement.Insights.AddRange(clean.InsightIds.Select(id => new RequirementInsight { RequirementId = requirement.Id, InsightId = id }));
            return requirement;
        }, cancellationToken);

    public Task<RequirementView> UpdateRequirementAsync(string userId, Guid workspaceId, Guid requirementId, RequirementInput input, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, workspaceId, requirementId, expectedVersion, Requirements, async (db, requirement) =>
        {
            var clean = await CheckAsync(db, workspaceId, input, cancellationToken);
            Set(requirement, clean);
            Relink(db, requirement.Insights, e => e.InsightId, clean.InsightIds, id => new RequirementInsight { RequirementId = requirement.Id, InsightId = id });
        }, cancellationToken);

    public Task DeleteRequirementAsync(string userId, Guid workspaceId, Guid requirementId, CancellationToken cancellationToken = default) =>
        DeleteAsync(userId, workspaceId, requirementId, Requirements, cancellationToken);

    private static void Set(Requirement requirement, RequirementInput clean)
    {
        requirement.Title = clean.Title;
        requirement.Kind = clean.Kind;
        requirement.Priority = clean.Priority;
        requirement.AcceptanceCriteria = clean.AcceptanceCriteria;
        requirement.Status = clean.Status;
        requirement.CanvasNoteId = clean.CanvasNoteId;
    }

    private static async Task<RequirementInput> CheckAsync(PortalDbContext db, Guid workspaceId, RequirementInput input, CancellationToken cancellationToken)
    {
        var notes = await db.Set<CanvasNote>()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == CanvasBlock.ValuePropositions && n.DeletedAt == null)
            .Select(n => n.Id).ToListAsync(cancellationToken);
        return ResearchChecks.Requirement(input, await IdsAsync<Insight>(db, workspaceId, cancellationToken), notes.ToHashSet());
    }

    /// <summary>Makes the link rows those of <paramref name="wanted"/>: the others are removed, the missing added.</summary>
    private static void Relink<TLink>(PortalDbContext db, List<TLink> links, Func<TLink, Guid> target, IReadOnlyList<Guid> wanted, Func<Guid, TLink> create)
        where TLink : class
    {
        foreach (var gone in links.Where(l => !wanted.Contains(target(l))).ToList())
        {
            links.Remove(gone);
            db.Remove(gone);
        }

        foreach (var id in wanted.Where(id => !links.Exists(l => target(l) == id)))
        {
            var link = create(id);
            links.Add(link);
            db.Add(link);
        }
    }

    private static async Task<IReadOnlySet<Guid>> IdsAsync<TEntity>(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
        where TEntity : class =>
        (await db.Set<TEntity>().Where(e => EF.Property<Guid>(e, "WorkspaceId") == workspaceId).Select(e => EF.Property<Guid>(e, "Id")).ToListAsync(cancellationToken)).ToHashSet();

    private async Task<IReadOnlyList<ValuePropositionView>?> NotesAsync(string? userId, Guid workspaceId, CanvasBlock block, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await db.Set<CanvasNote>().AsNoTracking()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == block && n.DeletedAt == null)
            .OrderBy(n => n.Position)
            .Select(n => new ValuePropositionView(n.Id, n.Text))
            .ToListAsync(cancellationToken);
    }

    private static string FirstLine(string text, int maxLength)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= maxLength ? line : line[..maxLength].TrimEnd();
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<TView> CreateAsync<TEntity, TView>(string userId, Guid workspaceId, ItemKind<TEntity, TView> kind, int maxPerWorkspace, string limitField, Func<PortalDbContext, DateTimeOffset, Task<TEntity>> make, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var now = clock.GetUtcNow();
        var entity = await make(db, now);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<TEntity>().CountAsync(e => EF.Property<Guid>(e, "WorkspaceId") == workspaceId, cancellationToken) >= maxPerWorkspace)
        {
            throw new InputRejectedException(limitField, "Research.Error.TooMany", maxPerWorkspace);
        }

        db.Add(entity);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), kind.Activity, kind.Subject(entity), Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        var view = kind.View(entity);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, db.Entry(entity).Property<Guid>("Id").CurrentValue.ToString(), userId, now) { Changes = ItemChanges.Of(view) });
        return view;
    }

    /// <summary>
    /// The one path of every change to an existing item: demand, refuse a stale version with the current one, change
    /// (which validates), new version, activity, save (or conflict, if someone saved in between), announce.
    /// </summary>
    private async Task<TView> ChangeAsync<TEntity, TView>(string userId, Guid workspaceId, Guid id, Guid expectedVersion, ItemKind<TEntity, TView> kind, Func<PortalDbContext, TEntity, Task> change, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var entity = await FindAsync(db, workspaceId, id, kind, cancellationToken);
        var entry = db.Entry(entity);
        if (entry.Property<Guid>("Version").CurrentValue != expectedVersion)
        {
            throw new ConcurrencyConflictException<TView>(kind.View(entity));
        }

        await change(db, entity);
        var now = clock.GetUtcNow();
        entry.Property<Guid>("Version").CurrentValue = Guid.NewGuid();
        entry.Property<DateTimeOffset>("UpdatedAt").CurrentValue = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), kind.Activity, kind.Subject(entity), Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<TView>(kind.View(await FindAsync(fresh, workspaceId, id, kind, cancellationToken)));
        }

        var view = kind.View(entity);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, id.ToString(), userId, now) { Changes = ItemChanges.Of(view) });
        return view;
    }

    private async Task DeleteAsync<TEntity, TView>(string userId, Guid workspaceId, Guid id, ItemKind<TEntity, TView> kind, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var entity = await FindAsync(db, workspaceId, id, kind, cancellationToken);
        var now = clock.GetUtcNow();
        db.Remove(entity);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), $"{kind.Activity}.deleted", kind.Subject(entity), Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, id.ToString(), userId, now) { Changes = new ItemChanges<TView>([], [id]) });
    }

    private static async Task<TEntity> FindAsync<TEntity, TView>(PortalDbContext db, Guid workspaceId, Guid id, ItemKind<TEntity, TView> kind, CancellationToken cancellationToken)
        where TEntity : class =>
        await kind.Query(db).SingleOrDefaultAsync(e => EF.Property<Guid>(e, "Id") == id && EF.Property<Guid>(e, "WorkspaceId") == workspaceId, cancellationToken)
            ?? throw new InputRejectedException(typeof(TEntity).Name, kind.MissingKey);

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/research";

    /// <summary>What differs between interviews, insights and requirements on the shared paths.</summary>
    private sealed record ItemKind<TEntity, TView>(string Activity, string MissingKey, Func<PortalDbContext, IQueryable<TEntity>> Query, Func<TEntity, TView> View, Func<TEntity, string> Subject);
}
