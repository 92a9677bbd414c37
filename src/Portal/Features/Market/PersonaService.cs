using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>
/// A workspace's personas, each backed by interviews of the research tool. Every change is checked, demanded by role,
/// refused when stale (with the current persona), logged and announced on <see cref="MarketTopics.Customers"/>.
/// </summary>
public sealed class PersonaService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string NoPersonaKey = "Market.Error.NoPersona";

    /// <summary>The workspace's personas in the order made; null for someone who may not read it.</summary>
    public async Task<IReadOnlyList<PersonaView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var personas = await Query(db).AsNoTracking().Where(p => p.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. personas.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Select(PersonaView.Of)];
    }

    /// <summary>The research tool's interviews a persona may rest on, newest first; null for someone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<PersonaInterviewOption>?> InterviewsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var interviews = await db.Set<Interview>().AsNoTracking().Where(i => i.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. interviews.OrderByDescending(i => i.HeldOn).ThenByDescending(i => i.CreatedAt)
            .Select(i => new PersonaInterviewOption(i.Id, i.Person, i.Role, i.Segment, i.HeldOn, i.Method))];
    }

    /// <summary>
    /// The canvas's Customer Segments notes, offered as a persona's segment (first line, cut to the segment's length);
    /// null for someone who may not read the workspace.
    /// </summary>
    public async Task<IReadOnlyList<string>?> SegmentsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var notes = await db.Set<CanvasNote>().AsNoTracking()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == CanvasBlock.CustomerSegments && n.DeletedAt == null)
            .OrderBy(n => n.Position).Select(n => n.Text).ToListAsync(cancellationToken);
        return [.. notes.Select(n => MarketChecks.FirstLine(n, Persona.SegmentMaxLength)).Where(t => t.Length > 0).Distinct()];
    }

    public async Task<PersonaView> CreateAsync(string userId, Guid workspaceId, PersonaInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = MarketChecks.Persona(input, await InterviewIdsAsync(db, workspaceId, cancellationToken));
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<Persona>().CountAsync(p => p.WorkspaceId == workspaceId, cancellationToken) >= Persona.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Name), "Market.Error.TooManyPersonas", Persona.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var persona = new Persona { WorkspaceId = workspaceId, Name = clean.Name, CreatedAt = now, UpdatedAt = now };
        Set(persona, clean);
        persona.Interviews.AddRange(clean.InterviewIds.Select(id => new PersonaInterview { PersonaId = persona.Id, InterviewId = id }));
        db.Add(persona);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.persona", persona.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(persona, userId, now);
    }

    /// <summary>Saves the persona and the interviews it rests on, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<PersonaView> UpdateAsync(string userId, Guid workspaceId, Guid personaId, PersonaInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var persona = await FindAsync(db, workspaceId, personaId, cancellationToken);
        if (persona.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<PersonaView>(PersonaView.Of(persona));
        }

        var clean = MarketChecks.Persona(input, await InterviewIdsAsync(db, workspaceId, cancellationToken));
        Set(persona, clean);
        foreach (var gone in persona.Interviews.Where(l => !clean.InterviewIds.Contains(l.InterviewId)).ToList())
        {
            persona.Interviews.Remove(gone);
            db.Remove(gone);
        }

        foreach (var id in clean.InterviewIds.Where(id => !persona.Interviews.Exists(l => l.InterviewId == id)))
        {
            var link = new PersonaInterview { PersonaId = persona.Id, InterviewId = id };
            persona.Interviews.Add(link);
            db.Add(link);
        }

        var now = clock.GetUtcNow();
        persona.Version = Guid.NewGuid();
        persona.UpdatedAt = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.persona", persona.Name, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<PersonaView>(PersonaView.Of(await FindAsync(fresh, workspaceId, personaId, cancellationToken)));
        }

        return await PublishAsync(persona, userId, now);
    }

    public async Task DeleteAsync(string userId, Guid workspaceId, Guid personaId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var persona = await FindAsync(db, workspaceId, personaId, cancellationToken);
        var now = clock.GetUtcNow();
        db.Remove(persona);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.persona.deleted", persona.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, MarketTopics.Customers, personaId.ToString(), userId, now) { Changes = new ItemChanges<PersonaView>([], [personaId]) });
    }

    internal static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/market";

    private static void Set(Persona persona, PersonaInput clean) =>
        (persona.Name, persona.Segment, persona.Goals, persona.Pains, persona.Jobs, persona.Quote) = (clean.Name, clean.Segment, clean.Goals, clean.Pains, clean.Jobs, clean.Quote);

    private static async Task<IReadOnlySet<Guid>> InterviewIdsAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        (await db.Set<Interview>().Where(i => i.WorkspaceId == workspaceId).Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();

    private static IQueryable<Persona> Query(PortalDbContext db) => db.Set<Persona>().Include(p => p.Interviews);

    private static async Task<Persona> FindAsync(PortalDbContext db, Guid workspaceId, Guid personaId, CancellationToken cancellationToken) =>
        await Query(db).SingleOrDefaultAsync(p => p.Id == personaId && p.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Persona", NoPersonaKey);

    private async Task<PersonaView> PublishAsync(Persona persona, string userId, DateTimeOffset at)
    {
        var view = PersonaView.Of(persona);
        await events.PublishAsync(new WorkspaceChange(persona.WorkspaceId, MarketTopics.Customers, persona.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
