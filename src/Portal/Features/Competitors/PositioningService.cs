using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>
/// The positioning maps of a workspace: each map's name and two axes, and where each company (the team's own
/// included) sits on it. A map guards its name and axes with its version, each placement its position with its own,
/// so renaming a map never conflicts with moving a point.
/// </summary>
public sealed class PositioningService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = CompetitorTopics.Maps;

    /// <summary>The refusal of a change to a map that no longer exists (someone deleted it).</summary>
    public const string NoMapKey = "Positioning.Error.NoMap";

    /// <summary>The maps in order and the workspace's companies; null for someone who may not read the workspace.</summary>
    public async Task<PositioningBoard?> GetBoardAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var maps = await db.Set<PositioningMap>().Include(m => m.Placements).AsNoTracking().Where(m => m.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var companies = await db.Set<Competitor>().AsNoTracking().Where(c => c.WorkspaceId == workspaceId)
            .Select(c => new PositioningCompany(c.Id, c.Name, c.IsOwnCompany, c.Position)).ToListAsync(cancellationToken);
        return new PositioningBoard(
            [.. maps.OrderBy(m => m.Position).ThenBy(m => m.CreatedAt).Select(PositioningMapView.Of)],
            // The team's own company first, then the matrix's column order.
            [.. companies.OrderByDescending(c => c.IsOwnCompany).ThenBy(c => c.Position).ThenBy(c => c.Name, StringComparer.CurrentCulture)]);
    }

    /// <summary>A new map, last in order, with nobody placed; at most <see cref="PositioningMap.MaxPerWorkspace"/> per workspace.</summary>
    public async Task<PositioningMapView> CreateMapAsync(string userId, Guid workspaceId, PositioningMapInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var existing = await db.Set<PositioningMap>().Where(m => m.WorkspaceId == workspaceId).Select(m => new { m.Name, m.Position }).ToListAsync(cancellationToken);
        var clean = PositioningChecks.Map(input, existing.Select(m => m.Name));
        if (existing.Count >= PositioningMap.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Name), "Positioning.Error.TooMany", PositioningMap.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var map = new PositioningMap
        {
            WorkspaceId = workspaceId,
            Name = clean.Name,
            XAxis = clean.XAxis,
            YAxis = clean.YAxis,
            Position = existing.Count == 0 ? 0 : existing.Max(m => m.Position) + 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(map);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "positioning.created", map.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(map, userId, now);
    }

    /// <summary>Renames the map and its axes, unless someone changed them since <paramref name="expectedVersion"/>; the placements stay.</summary>
    public async Task<PositioningMapView> RenameMapAsync(string userId, Guid workspaceId, Guid mapId, PositioningMapInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var map = await FindAsync(db, workspaceId, mapId, cancellationToken);
        if (map.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<PositioningMapView>(PositioningMapView.Of(map));
        }

        var others = await db.Set<PositioningMap>().Where(m => m.WorkspaceId == workspaceId && m.Id != mapId).Select(m => m.Name).ToListAsync(cancellationToken);
        var clean = PositioningChecks.Map(input, others);
        (map.Name, map.XAxis, map.YAxis) = (clean.Name, clean.XAxis, clean.YAxis);
        var now = clock.GetUtcNow();
        map.Version = Guid.NewGuid();
        map.UpdatedAt = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "positioning.renamed", map.Name, Link(access), now);
        await SaveAsync(db, workspaceId, mapId, cancellationToken);
        return await PublishAsync(map, userId, now);
    }

    /// <summary>Deletes a map with its placements; the companies stay.</summary>
    public async Task DeleteMapAsync(string userId, Guid workspaceId, Guid mapId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var map = await FindAsync(db, workspaceId, mapId, cancellationToken);
        db.Remove(map);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "positioning.deleted", map.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, mapId.ToString(), userId, now)
        {
            Changes = new ItemChanges<PositioningMapView>([], [mapId]),
        });
    }

    /// <summary>
    /// Places a company of the workspace on the map, or moves it there. <paramref name="expectedVersion"/> is the
    /// version of the placement the page showed, null when it showed the company unplaced; a placement that changed
    /// (moved, placed or removed by someone else) since is refused with the map as it is now.
    /// </summary>
    public async Task<PositioningMapView> PlaceAsync(string userId, Guid workspaceId, Guid mapId, PlacementInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var map = await FindAsync(db, workspaceId, mapId, cancellationToken);
        var company = await db.Set<Competitor>().AsNoTracking().Where(c => c.Id == input.CompetitorId && c.WorkspaceId == workspaceId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        var clean = PositioningChecks.Placement(input, company is not null);
        var placement = map.Placements.Find(p => p.CompetitorId == clean.CompetitorId);
        if (placement?.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<PositioningMapView>(PositioningMapView.Of(map));
        }

        if (placement is null)
        {
            // Tracked with the map's id, EF puts it in map.Placements itself.
            placement = new MapPlacement { MapId = map.Id, CompetitorId = clean.CompetitorId };
            db.Add(placement);
        }

        (placement.X, placement.Y, placement.Version) = (clean.X, clean.Y, Guid.NewGuid());
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), expectedVersion is null ? "positioning.placed" : "positioning.moved", Subject(company!, map), Link(access), now);
        await SaveAsync(db, workspaceId, mapId, cancellationToken);
        return await PublishAsync(map, userId, now);
    }

    /// <summary>Takes a company off the map, unless its placement changed since <paramref name="expectedVersion"/>.</summary>
    public async Task<PositioningMapView> UnplaceAsync(string userId, Guid workspaceId, Guid mapId, Guid competitorId, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var map = await FindAsync(db, workspaceId, mapId, cancellationToken);
        var placement = map.Placements.Find(p => p.CompetitorId == competitorId);
        if (placement?.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<PositioningMapView>(PositioningMapView.Of(map));
        }

        var company = await db.Set<Competitor>().AsNoTracking().Where(c => c.Id == competitorId).Select(c => c.Name).SingleAsync(cancellationToken);
        map.Placements.Remove(placement);
        db.Remove(placement);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "positioning.unplaced", Subject(company, map), Link(access), now);
        await SaveAsync(db, workspaceId, mapId, cancellationToken);
        return await PublishAsync(map, userId, now);
    }

    /// <summary>Saves, or refuses with the map as it is now when someone saved the same map or placement in between.</summary>
    private async Task SaveAsync(PortalDbContext db, Guid workspaceId, Guid mapId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrency token that moved, or a placement someone else added in between (same key).
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<PositioningMapView>(PositioningMapView.Of(await FindAsync(fresh, workspaceId, mapId, cancellationToken)));
        }
    }

    private static string Subject(string company, PositioningMap map) => $"{company} · {map.Name}";

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/competitors";

    private static async Task<PositioningMap> FindAsync(PortalDbContext db, Guid workspaceId, Guid mapId, CancellationToken cancellationToken) =>
        await db.Set<PositioningMap>().Include(m => m.Placements).SingleOrDefaultAsync(m => m.Id == mapId && m.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Map", NoMapKey);

    /// <summary>Tells every open maps panel the map's new state; returns it.</summary>
    private async Task<PositioningMapView> PublishAsync(PositioningMap map, string userId, DateTimeOffset at)
    {
        var view = PositioningMapView.Of(map);
        await events.PublishAsync(new WorkspaceChange(map.WorkspaceId, Topic, map.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
