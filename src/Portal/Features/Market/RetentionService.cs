using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>
/// The retention cohort sets of a workspace, imported from CSV (see <see cref="RetentionCsv"/>): editors and owners
/// import, rename and delete; every member and the cohort's instructor read; strangers learn nothing. A set's cohorts
/// are stored as read and never edited, and analysed afresh (<see cref="RetentionAnalysis"/>) when opened.
/// </summary>
public sealed class RetentionService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    /// <summary>The refusal of a change to a set that no longer exists (someone deleted it).</summary>
    public const string NoSetKey = "Retention.Error.NoSet";

    /// <summary>Stored as <c>[{"cohort":"2026-01","size":120,"active":[120,80,64]}]</c>; Chinese labels as written.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Every set of the workspace, newest first; null for someone who may not read it.</summary>
    public async Task<IReadOnlyList<RetentionSetView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var sets = await db.Set<RetentionCohortSet>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. sets.Select(View).OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>One set with its analysis; null for someone who may not read the workspace, or when it has no such set.</summary>
    public async Task<RetentionSetDetails?> GetAsync(string? userId, Guid workspaceId, Guid setId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var set = await db.Set<RetentionCohortSet>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == setId && s.WorkspaceId == workspaceId, cancellationToken);
        return set is null ? null : new RetentionSetDetails(View(set), RetentionAnalysis.Of(Cohorts(set.CohortsJson)));
    }

    /// <summary>Imports pasted CSV text as a set named <paramref name="name"/>.</summary>
    public Task<RetentionImportResult> ImportAsync(string userId, Guid workspaceId, string name, string csv, CancellationToken cancellationToken = default) =>
        ImportAsync(userId, workspaceId, name, _ => Task.FromResult(RetentionCsv.Read(csv)), cancellationToken);

    /// <summary>Imports an uploaded CSV file; a file over <see cref="RetentionCsv.MaxBytes"/> is refused after reading one byte past the limit.</summary>
    public Task<RetentionImportResult> ImportAsync(string userId, Guid workspaceId, string name, Stream csv, CancellationToken cancellationToken = default) =>
        ImportAsync(userId, workspaceId, name, token => RetentionCsv.ReadAsync(csv, token), cancellationToken);

    /// <summary>Renames a set, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<RetentionSetView> RenameAsync(string userId, Guid workspaceId, Guid setId, string name, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var clean = CheckName(name);
        var set = await FindAsync(db, workspaceId, setId, cancellationToken);
        if (set.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<RetentionSetView>(View(set));
        }

        var now = clock.GetUtcNow();
        set.Name = clean;
        set.Version = Guid.NewGuid();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.retention.renamed", clean, Link(access), now);
        await SaveOrConflictAsync(db, workspaceId, setId, cancellationToken);
        return await PublishAsync(set, userId, now);
    }

    /// <summary>Deletes a set, unless someone changed it (renamed it) since <paramref name="expectedVersion"/>: then the current set is the refusal.</summary>
    public async Task DeleteAsync(string userId, Guid workspaceId, Guid setId, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var set = await FindAsync(db, workspaceId, setId, cancellationToken);
        if (set.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<RetentionSetView>(View(set));
        }

        var now = clock.GetUtcNow();
        db.Remove(set);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.retention.deleted", set.Name, Link(access), now);
        await SaveOrConflictAsync(db, workspaceId, setId, cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, MarketTopics.Retention, setId.ToString(), userId, now)
        {
            Changes = new ItemChanges<RetentionSetView>([], [setId]),
        });
    }

    /// <summary>
    /// Demand, check the name and the workspace's room before reading a byte, read, then store the good cohorts with
    /// the activity under the write lock (which checks the room again) and announce the set.
    /// </summary>
    private async Task<RetentionImportResult> ImportAsync(string userId, Guid workspaceId, string name, Func<CancellationToken, Task<RetentionCsvResult>> read, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = CheckName(name);
        await CheckRoomAsync(db, workspaceId, cancellationToken);
        var parsed = await read(cancellationToken);
        if (parsed.Refusal is not null)
        {
            return new RetentionImportResult(null, parsed.Refusal, parsed.BadRows, parsed.BadRowCount);
        }

        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        await CheckRoomAsync(db, workspaceId, cancellationToken);
        var now = clock.GetUtcNow();
        var set = new RetentionCohortSet
        {
            WorkspaceId = workspaceId,
            Name = clean,
            CohortsJson = JsonSerializer.Serialize(parsed.Cohorts, Json),
            CreatedById = userId,
            CreatedAt = now,
        };
        db.Add(set);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.retention.imported", clean, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return new RetentionImportResult(await PublishAsync(set, userId, now), null, parsed.BadRows, parsed.BadRowCount);
    }

    private static string CheckName(string? name)
    {
        var checks = new InputChecks();
        var clean = checks.Text(nameof(RetentionCohortSet.Name), name, RetentionCohortSet.NameMaxLength, required: true);
        checks.ThrowIfAny();
        return clean;
    }

    private static async Task CheckRoomAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (await db.Set<RetentionCohortSet>().CountAsync(s => s.WorkspaceId == workspaceId, cancellationToken) >= RetentionCohortSet.MaxPerWorkspace)
        {
            throw new InputRejectedException(RetentionCsv.Field, "Retention.Error.TooMany", RetentionCohortSet.MaxPerWorkspace);
        }
    }

    /// <summary>Saves; a save racing this one since the version was read loses with the set as it is now.</summary>
    private async Task SaveOrConflictAsync(PortalDbContext db, Guid workspaceId, Guid setId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<RetentionSetView>(View(await FindAsync(fresh, workspaceId, setId, cancellationToken)));
        }
    }

    /// <summary>The cohorts stored as JSON; what cannot be read is no cohorts rather than an error on the page.</summary>
    internal static List<RetentionCohort> Cohorts(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<RetentionCohort>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static RetentionSetView View(RetentionCohortSet s)
    {
        var cohorts = Cohorts(s.CohortsJson);
        return new RetentionSetView(s.Id, s.Name, cohorts.Count, cohorts.Count == 0 ? 0 : cohorts.Max(c => c.Active.Count), s.CreatedAt, s.Version);
    }

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/market";

    private static async Task<RetentionCohortSet> FindAsync(PortalDbContext db, Guid workspaceId, Guid setId, CancellationToken cancellationToken) =>
        await db.Set<RetentionCohortSet>().SingleOrDefaultAsync(s => s.Id == setId && s.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Set", NoSetKey);

    /// <summary>Tells every open market page the set's new state and version; returns it.</summary>
    private async Task<RetentionSetView> PublishAsync(RetentionCohortSet set, string userId, DateTimeOffset at)
    {
        var view = View(set);
        await events.PublishAsync(new WorkspaceChange(set.WorkspaceId, MarketTopics.Retention, set.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
