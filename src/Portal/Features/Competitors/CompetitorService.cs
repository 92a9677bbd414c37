using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>
/// The companies a workspace compares itself with (its own among them, as one row) and its competitive strategy. Every
/// change is checked, demanded by role, refused when stale (with the current value), logged and announced on
/// <see cref="CompetitorTopics.Companies"/>.
/// </summary>
/// <remarks>
/// The team's own company is one row at most, added on purpose ("add our company"). It cannot be deleted while the matrix
/// holds a cell of it or a map places it: those are the team's own answers, and a delete would drop them unseen. Once it
/// holds neither it can go (and be added again).
/// </remarks>
public sealed class CompetitorService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = CompetitorTopics.Companies;

    /// <summary>The refusal of a change to a company that no longer exists (someone deleted it).</summary>
    public const string NoCompanyKey = "Competitor.Error.NoCompany";

    /// <summary>The item id of the strategy's changes on <see cref="Topic"/>.</summary>
    public const string StrategyItemId = "strategy";

    /// <summary>Every company of the workspace in matrix order; null for someone who may not read it.</summary>
    public async Task<IReadOnlyList<CompanyView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await ListAsync(db, workspaceId, cancellationToken);
    }

    /// <summary>The competitive strategy (<see cref="StrategyView.None"/> before the first save); null for someone who may not read the workspace.</summary>
    public async Task<StrategyView?> GetStrategyAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await StrategyAsync(db, workspaceId, cancellationToken) ?? StrategyView.None;
    }

    /// <summary>The canvas's Customer Segments notes (first line, cut to a segment's length), offered as a company's or the focus's segment.</summary>
    public async Task<IReadOnlyList<string>?> SegmentsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default) =>
        (await NotesAsync(userId, workspaceId, CanvasBlock.CustomerSegments, cancellationToken))?
            .Select(n => FirstLine(n.Text, Competitor.SegmentMaxLength)).Where(t => t.Length > 0).Distinct().ToList();

    /// <summary>The canvas's Value Propositions notes the strategy may rest on.</summary>
    public Task<IReadOnlyList<CanvasNoteOption>?> ValuePropositionsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default) =>
        NotesAsync(userId, workspaceId, CanvasBlock.ValuePropositions, cancellationToken);

    /// <summary>A new company, last in the matrix; <paramref name="ownCompany"/> makes it the team's own (only one may be).</summary>
    public async Task<CompanyView> CreateAsync(string userId, Guid workspaceId, CompanyInput input, bool ownCompany = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var existing = await db.Set<Competitor>().Where(c => c.WorkspaceId == workspaceId)
            .Select(c => new { c.Name, c.IsOwnCompany, c.Position }).ToListAsync(cancellationToken);
        var clean = CompetitorChecks.Company(input, existing.Select(c => c.Name), Today());
        if (existing.Count >= Competitor.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Name), "Competitor.Error.TooMany", Competitor.MaxPerWorkspace);
        }

        if (ownCompany && existing.Exists(c => c.IsOwnCompany))
        {
            throw new InputRejectedException(nameof(input.Name), "Competitor.Error.OwnExists");
        }

        var now = clock.GetUtcNow();
        var company = new Competitor
        {
            WorkspaceId = workspaceId,
            Name = clean.Name,
            IsOwnCompany = ownCompany,
            Position = existing.Count == 0 ? 0 : existing.Max(c => c.Position) + 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Set(db, company, clean);
        db.Add(company);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), ownCompany ? "competitor.own" : "competitor.created", company.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(company, userId, now);
    }

    /// <summary>Saves every field of a company at once, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<CompanyView> UpdateAsync(string userId, Guid workspaceId, Guid companyId, CompanyInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var company = await FindAsync(db, workspaceId, companyId, cancellationToken);
        if (company.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<CompanyView>(CompanyView.Of(company));
        }

        var others = await db.Set<Competitor>().Where(c => c.WorkspaceId == workspaceId && c.Id != companyId).Select(c => c.Name).ToListAsync(cancellationToken);
        var clean = CompetitorChecks.Company(input, others, Today());
        var now = clock.GetUtcNow();
        company.Name = clean.Name;
        Set(db, company, clean);
        (company.Version, company.UpdatedAt) = (Guid.NewGuid(), now);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "competitor.updated", company.Name, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<CompanyView>(CompanyView.Of(await FindAsync(fresh, workspaceId, companyId, cancellationToken)));
        }

        return await PublishAsync(company, userId, now);
    }

    /// <summary>
    /// Moves a company one place earlier (<paramref name="offset"/> -1) or later (+1) in the matrix's columns; at either
    /// end nothing changes. Positions are renumbered 0, 1, 2…; versions stay (nothing a form holds changed).
    /// </summary>
    public async Task<IReadOnlyList<CompanyView>> MoveAsync(string userId, Guid workspaceId, Guid companyId, int offset, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        await using var order = await db.BeginWriteLockAsync(cancellationToken);
        var companies = await WithSources(db).Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        List<Competitor> ordered = [.. companies.OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)];
        var from = ordered.FindIndex(c => c.Id == companyId);
        if (from < 0)
        {
            throw new InputRejectedException("Competitor", NoCompanyKey);
        }

        var to = Math.Clamp(from + Math.Sign(offset), 0, ordered.Count - 1);
        var moved = ordered[from];
        ordered.RemoveAt(from);
        ordered.Insert(to, moved);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i;
        }

        var now = clock.GetUtcNow();
        if (to != from)
        {
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "competitor.moved", moved.Name, Link(access), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await order.CommitAsync(cancellationToken);
        List<CompanyView> views = [.. ordered.Select(CompanyView.Of)];
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, companyId.ToString(), userId, now) { Changes = new ItemChanges<CompanyView>(views, []) });
        return views;
    }

    /// <summary>Deletes a company with its cells and places; the team's own only when it has none of either (see the remarks on the class).</summary>
    public async Task DeleteAsync(string userId, Guid workspaceId, Guid companyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var company = await FindAsync(db, workspaceId, companyId, cancellationToken);
        if (company.IsOwnCompany
            && (await db.Set<ComparisonCell>().AnyAsync(c => c.CompetitorId == companyId, cancellationToken)
                || await db.Set<MapPlacement>().AnyAsync(p => p.CompetitorId == companyId, cancellationToken)))
        {
            throw new InputRejectedException("Competitor", "Competitor.Error.OwnInUse");
        }

        var now = clock.GetUtcNow();
        db.Remove(company);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "competitor.deleted", company.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, companyId.ToString(), userId, now) { Changes = new ItemChanges<CompanyView>([], [companyId]) });
    }

    /// <summary>
    /// Saves the competitive strategy, unless it changed since <paramref name="expectedVersion"/> (<see cref="Guid.Empty"/>
    /// for the first save: if someone saved one meanwhile, theirs is the conflict).
    /// </summary>
    public async Task<StrategyView> SaveStrategyAsync(string userId, Guid workspaceId, StrategyInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        await using var one = await db.BeginWriteLockAsync(cancellationToken);
        var strategy = await db.Set<CompetitiveStrategy>().Include(s => s.ValuePropositions).SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if ((strategy?.Version ?? Guid.Empty) != expectedVersion)
        {
            throw new ConcurrencyConflictException<StrategyView>(await StrategyAsync(db, workspaceId, cancellationToken) ?? StrategyView.None);
        }

        var live = await db.Set<CanvasNote>()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == CanvasBlock.ValuePropositions && n.DeletedAt == null)
            .Select(n => n.Id).ToListAsync(cancellationToken);
        var clean = CompetitorChecks.Strategy(input, live.ToHashSet());
        if (strategy is null)
        {
            strategy = new CompetitiveStrategy { WorkspaceId = workspaceId };
            db.Add(strategy);
        }

        var now = clock.GetUtcNow();
        (strategy.Kind, strategy.FocusSegment, strategy.Statement, strategy.UpdatedById, strategy.UpdatedAt, strategy.Version) =
            (clean.Kind, clean.FocusSegment, clean.Statement, userId, now, Guid.NewGuid());
        // Links to notes since deleted on the canvas go too: the view no longer shows them.
        foreach (var gone in strategy.ValuePropositions.Where(v => !clean.ValuePropositionIds.Contains(v.CanvasNoteId)).ToList())
        {
            strategy.ValuePropositions.Remove(gone);
            db.Remove(gone);
        }

        foreach (var id in clean.ValuePropositionIds.Where(id => !strategy.ValuePropositions.Exists(v => v.CanvasNoteId == id)))
        {
            var link = new StrategyValueProposition { WorkspaceId = workspaceId, CanvasNoteId = id };
            strategy.ValuePropositions.Add(link);
            db.Add(link);
        }

        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "competitor.strategy", FirstLine(clean.Statement, 80), Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await one.CommitAsync(cancellationToken);
        var view = new StrategyView(strategy.Kind, strategy.FocusSegment, strategy.Statement, [.. clean.ValuePropositionIds], strategy.Version, now);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, StrategyItemId, userId, now) { Changes = view });
        return view;
    }

    private static void Set(PortalDbContext db, Competitor company, CompanyInput clean)
    {
        (company.Website, company.Segment, company.Pricing, company.FundingStage, company.Strengths, company.Weaknesses) =
            (clean.Website, clean.Segment, clean.Pricing, clean.FundingStage, clean.Strengths, clean.Weaknesses);
        foreach (var gone in company.Sources.Where(s => !clean.Sources.Any(c => c.Fact == s.Fact)).ToList())
        {
            company.Sources.Remove(gone);
            db.Remove(gone);
        }

        foreach (var source in clean.Sources)
        {
            if (company.Sources.Find(s => s.Fact == source.Fact) is { } row)
            {
                (row.Source, row.SeenOn) = (source.Source, source.SeenOn);
            }
            else
            {
                company.Sources.Add(new CompetitorSource { CompetitorId = company.Id, Fact = source.Fact, Source = source.Source, SeenOn = source.SeenOn });
            }
        }
    }

    private static async Task<IReadOnlyList<CompanyView>> ListAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var companies = await WithSources(db).AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. companies.OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(CompanyView.Of)];
    }

    private static async Task<StrategyView?> StrategyAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var strategy = await db.Set<CompetitiveStrategy>().AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (strategy is null)
        {
            return null;
        }

        // In the canvas's order, and only notes still on it.
        var notes = await (from link in db.Set<StrategyValueProposition>()
                           join note in db.Set<CanvasNote>() on link.CanvasNoteId equals note.Id
                           where link.WorkspaceId == workspaceId && note.DeletedAt == null && note.Block == CanvasBlock.ValuePropositions
                           orderby note.Position
                           select note.Id).ToListAsync(cancellationToken);
        return new StrategyView(strategy.Kind, strategy.FocusSegment, strategy.Statement, notes, strategy.Version, strategy.UpdatedAt);
    }

    private async Task<IReadOnlyList<CanvasNoteOption>?> NotesAsync(string? userId, Guid workspaceId, CanvasBlock block, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await db.Set<CanvasNote>().AsNoTracking()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == block && n.DeletedAt == null)
            .OrderBy(n => n.Position)
            .Select(n => new CanvasNoteOption(n.Id, n.Text))
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<Competitor> WithSources(PortalDbContext db) => db.Set<Competitor>().Include(c => c.Sources);

    private static async Task<Competitor> FindAsync(PortalDbContext db, Guid workspaceId, Guid companyId, CancellationToken cancellationToken) =>
        await WithSources(db).SingleOrDefaultAsync(c => c.Id == companyId && c.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Competitor", NoCompanyKey);

    private static string FirstLine(string text, int maxLength)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= maxLength ? line : line[..maxLength].TrimEnd();
    }

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/competitors";

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Tells every open page the company's new state and version; returns it.</summary>
    private async Task<CompanyView> PublishAsync(Competitor company, string userId, DateTimeOffset at)
    {
        var view = CompanyView.Of(company);
        await events.PublishAsync(new WorkspaceChange(company.WorkspaceId, Topic, company.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
