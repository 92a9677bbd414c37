using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Canvas;

/// <summary>A note as pages show it; <paramref name="UpdatedAt"/> orders versions that reach a page out of order.</summary>
public sealed record NoteView(Guid Id, CanvasBlock Block, string Text, NoteColour Colour, int Position, Guid Version, DateTimeOffset UpdatedAt = default);

public sealed record CanvasView(string WorkspaceName, IReadOnlyList<NoteView> Notes, bool CanEdit)
{
    public IEnumerable<NoteView> In(CanvasBlock block) => Notes.Where(n => n.Block == block).OrderBy(n => n.Position);

    /// <summary>Blocks with at least one note, of nine.</summary>
    public int FilledBlocks => Notes.Select(n => n.Block).Distinct().Count();
}

public sealed record SnapshotInfo(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>The Business Model Canvas of a workspace: notes, snapshots, export and import.</summary>
public sealed class CanvasService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "canvas";

    /// <summary>The message key of the refusal for a note that does not exist (or no longer does).</summary>
    public const string NoNoteKey = "Canvas.Error.NoNote";

    public async Task<CanvasView?> GetAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is not { } access)
        {
            return null;
        }

        return new CanvasView(access.Name, await LoadNotesAsync(db, workspaceId, cancellationToken), access.Can(WorkspaceAction.Edit));
    }

    public async Task<NoteView> AddNoteAsync(string userId, Guid workspaceId, CanvasBlock block, string text, NoteColour colour, CancellationToken cancellationToken = default)
    {
        var clean = CleanText(text);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        CheckBlockAndColour(block, colour);
        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var count = await Live(db, workspaceId).CountAsync(n => n.Block == block, cancellationToken);
        if (count >= CanvasNote.MaxPerBlock)
        {
            throw new InputRejectedException("Block", "Canvas.Error.BlockFull", CanvasNote.MaxPerBlock);
        }

        var now = clock.GetUtcNow();
        var note = new CanvasNote { WorkspaceId = workspaceId, Block = block, Text = clean, Colour = colour, Position = await NextPositionAsync(db, workspaceId, block, cancellationToken), UpdatedAt = now };
        db.Add(note);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "canvas.added", clean, $"/w/{access.Slug}/canvas", now);
        await db.SaveChangesAsync(cancellationToken);
        await positions.CommitAsync(cancellationToken);
        var view = ToView(note);
        await PublishAsync(workspaceId, userId, now, ItemChanges.Of(view));
        return view;
    }

    /// <summary>Saves a note's new text and colour unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<NoteView> UpdateNoteAsync(string userId, Guid workspaceId, Guid noteId, string text, NoteColour colour, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        var clean = CleanText(text);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        CheckBlockAndColour(CanvasBlock.KeyPartners, colour);
        var note = await FindAsync(db, workspaceId, noteId, cancellationToken);
        if (note.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<NoteView>(ToView(note));
        }

        var now = clock.GetUtcNow();
        note.Text = clean;
        note.Colour = colour;
        note.Version = Guid.NewGuid();
        note.UpdatedAt = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "canvas.edited", clean, $"/w/{access.Slug}/canvas", now);
        await SaveOrConflictAsync(db, workspaceId, noteId, cancellationToken);
        var view = ToView(note);
        await PublishAsync(workspaceId, userId, now, ItemChanges.Of(view));
        return view;
    }

    /// <summary>Moves a note to a block and a position there (by drag and drop or by keyboard); the others close up.</summary>
    public async Task MoveNoteAsync(string userId, Guid workspaceId, Guid noteId, CanvasBlock block, int position, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        CheckBlockAndColour(block, NoteColour.Yellow);
        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var note = await FindAsync(db, workspaceId, noteId, cancellationToken);
        var source = note.Block;
        if (block != source && await Live(db, workspaceId).CountAsync(n => n.Block == block, cancellationToken) >= CanvasNote.MaxPerBlock)
        {
            throw new InputRejectedException("Block", "Canvas.Error.BlockFull", CanvasNote.MaxPerBlock);
        }

        var target = await InOrderAsync(db, workspaceId, block, noteId, cancellationToken);
        target.Insert(Math.Clamp(position, 0, target.Count), note);
        var now = clock.GetUtcNow();
        note.Block = block;
        note.UpdatedAt = now;
        var moved = Renumber(target, now);
        if (source != block)
        {
            moved.AddRange(Renumber(await InOrderAsync(db, workspaceId, source, noteId, cancellationToken), now));
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "canvas.moved", note.Text, $"/w/{access.Slug}/canvas", now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await positions.CommitAsync(cancellationToken);
        await PublishAsync(workspaceId, userId, now, new ItemChanges<NoteView>([.. moved.Append(note).Distinct().Select(ToView)], []));
    }

    /// <summary>Deletes a note; <see cref="RestoreNoteAsync"/> undoes it.</summary>
    public async Task DeleteNoteAsync(string userId, Guid workspaceId, Guid noteId, CancellationToken cancellationToken = default) =>
        await SetDeletedAsync(userId, workspaceId, noteId, deleted: true, cancellationToken);

    /// <summary>Brings a deleted note back at the end of its block; returns it with its new version.</summary>
    public Task<NoteView> RestoreNoteAsync(string userId, Guid workspaceId, Guid noteId, CancellationToken cancellationToken = default) =>
        SetDeletedAsync(userId, workspaceId, noteId, deleted: false, cancellationToken);

    /// <summary>Notes by id whether deleted or not (a draft may outlive its note); nothing for strangers.</summary>
    public async Task<IReadOnlyList<NoteView>> FindNotesAsync(string userId, Guid workspaceId, IReadOnlyCollection<Guid> noteIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return [];
        }

        var notes = await db.Set<CanvasNote>().AsNoTracking().Where(n => n.WorkspaceId == workspaceId && noteIds.Contains(n.Id)).ToListAsync(cancellationToken);
        return [.. notes.Select(ToView)];
    }

    public async Task<SnapshotInfo> CreateSnapshotAsync(string userId, Guid workspaceId, string name, CancellationToken cancellationToken = default)
    {
        var checks = new InputChecks();
        var clean = checks.Text("Name", name, CanvasSnapshot.NameMaxLength, required: true);
        checks.ThrowIfAny();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<CanvasSnapshot>().CountAsync(s => s.WorkspaceId == workspaceId, cancellationToken) >= CanvasSnapshotRetention.MaxSnapshots)
        {
            throw new InputRejectedException("Name", "Canvas.Error.TooManySnapshots", CanvasSnapshotRetention.MaxSnapshots);
        }

        var now = clock.GetUtcNow();
        var snapshot = new CanvasSnapshot
        {
            WorkspaceId = workspaceId,
            Name = clean,
            CreatedById = userId,
            CreatedAt = now,
            Json = ToDocument(await LoadNotesAsync(db, workspaceId, cancellationToken)).ToJson(),
        };
        db.Add(snapshot);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "canvas.snapshot", clean, $"/w/{access.Slug}/canvas", now);
        await db.SaveChangesAsync(cancellationToken);
        var pruned = await CanvasSnapshotRetention.PruneAsync(db, workspaceId, cancellationToken);
        await limit.CommitAsync(cancellationToken);
        var info = new SnapshotInfo(snapshot.Id, snapshot.Name, snapshot.CreatedAt);
        await PublishAsync(workspaceId, userId, now, new ItemChanges<SnapshotInfo>([info], pruned));
        return info;
    }

    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return [];
        }

        var rows = await db.Set<CanvasSnapshot>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId)
            .Select(s => new SnapshotInfo(s.Id, s.Name, s.CreatedAt)).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(s => s.CreatedAt)];
    }

    /// <summary>A snapshot's canvas, or the current canvas when <paramref name="snapshotId"/> is null; null for strangers.</summary>
    public async Task<CanvasDocument?> GetDocumentAsync(string? userId, Guid workspaceId, Guid? snapshotId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        if (snapshotId is null)
        {
            return ToDocument(await LoadNotesAsync(db, workspaceId, cancellationToken));
        }

        var json = await db.Set<CanvasSnapshot>().Where(s => s.Id == snapshotId && s.WorkspaceId == workspaceId).Select(s => s.Json).SingleOrDefaultAsync(cancellationToken);
        return json is null ? null : CanvasDocument.Parse(json);
    }

    /// <summary>
    /// Replaces the canvas with an imported file. The canvas before is kept as a snapshot, which holds the replaced notes'
    /// text, so their rows are deleted rather than marked deleted; the oldest snapshots make room as for any other.
    /// </summary>
    public async Task<int> ImportAsync(string userId, Guid workspaceId, string json, CancellationToken cancellationToken = default)
    {
        var document = CanvasDocument.Parse(json);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var now = clock.GetUtcNow();
        db.Add(new CanvasSnapshot
        {
            WorkspaceId = workspaceId,
            Name = $"Before import {now:yyyy-MM-dd HH:mm}",
            CreatedById = userId,
            CreatedAt = now,
            Json = ToDocument(await LoadNotesAsync(db, workspaceId, cancellationToken)).ToJson(),
        });
        // Notes deleted earlier go too: restoring one into the imported canvas would mix two canvases.
        await db.Set<CanvasNote>().Where(n => n.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken);
        foreach (var group in document.Notes.GroupBy(n => n.Block))
        {
            var position = 0;
            foreach (var note in group)
            {
                db.Add(new CanvasNote { WorkspaceId = workspaceId, Block = note.Block, Text = note.Text.Trim(), Colour = note.Colour, Position = position++, UpdatedAt = now });
            }
        }

        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "canvas.imported", document.Notes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"/w/{access.Slug}/canvas", now);
        await db.SaveChangesAsync(cancellationToken);
        await CanvasSnapshotRetention.PruneAsync(db, workspaceId, cancellationToken);
        await positions.CommitAsync(cancellationToken);
        // Every note changed: pages reload the canvas (and the new snapshot) rather than apply a list of hundreds.
        await PublishAsync(workspaceId, userId, now, null);
        return document.Notes.Count;
    }

    internal static CanvasDocument ToDocument(IEnumerable<NoteView> notes) =>
        CanvasDocument.From(notes.OrderBy(n => n.Block).ThenBy(n => n.Position).Select(n => new CanvasDocumentNote(n.Id, n.Block, n.Text, n.Colour)));

    private async Task<NoteView> SetDeletedAsync(string userId, Guid workspaceId, Guid noteId, bool deleted, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        await using var positions = await db.BeginWriteLockAsync(cancellationToken);
        var note = await db.Set<CanvasNote>().SingleOrDefaultAsync(n => n.Id == noteId && n.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Note", NoNoteKey);
        var now = clock.GetUtcNow();
        if (!deleted && note.DeletedAt is not null)
        {
            // Back at the end of its block, which may have filled up meanwhile.
            var count = await Live(db, workspaceId).CountAsync(n => n.Block == note.Block, cancellationToken);
            if (count >= CanvasNote.MaxPerBlock)
            {
                throw new InputRejectedException("Block", "Canvas.Error.BlockFull", CanvasNote.MaxPerBlock);
            }

            note.Position = await NextPositionAsync(db, workspaceId, note.Block, cancellationToken);
        }

        note.DeletedAt = deleted ? now : null;
        note.Version = Guid.NewGuid();
        note.UpdatedAt = now;
        var moved = deleted ? Renumber(await InOrderAsync(db, workspaceId, note.Block, noteId, cancellationToken), now) : [];
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), deleted ? "canvas.deleted" : "canvas.restored", note.Text, $"/w/{access.Slug}/canvas", now);
        await db.SaveChangesAsync(cancellationToken);
        await positions.CommitAsync(cancellationToken);
        var view = ToView(note);
        var changes = deleted
            ? new ItemChanges<NoteView>([.. moved.Select(ToView)], [note.Id])
            : ItemChanges.Of(view);
        await PublishAsync(workspaceId, userId, now, changes);
        return view;
    }

    private static async Task<int> NextPositionAsync(PortalDbContext db, Guid workspaceId, CanvasBlock block, CancellationToken cancellationToken) =>
        (await Live(db, workspaceId).Where(n => n.Block == block).MaxAsync(n => (int?)n.Position, cancellationToken) ?? -1) + 1;

    private static Task<List<CanvasNote>> InOrderAsync(PortalDbContext db, Guid workspaceId, CanvasBlock block, Guid except, CancellationToken cancellationToken) =>
        Live(db, workspaceId).Where(n => n.Block == block && n.Id != except).OrderBy(n => n.Position).ToListAsync(cancellationToken);

    private async Task SaveOrConflictAsync(PortalDbContext db, Guid workspaceId, Guid noteId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<NoteView>(ToView(await FindAsync(fresh, workspaceId, noteId, cancellationToken)));
        }
    }

    /// <summary>Numbers the notes 0, 1, 2… in their order; returns those whose position changed.</summary>
    private static List<CanvasNote> Renumber(List<CanvasNote> notes, DateTimeOffset now)
    {
        var moved = new List<CanvasNote>();
        for (var i = 0; i < notes.Count; i++)
        {
            if (notes[i].Position != i)
            {
                notes[i].Position = i;
                notes[i].UpdatedAt = now;
                moved.Add(notes[i]);
            }
        }

        return moved;
    }

    private static IQueryable<CanvasNote> Live(PortalDbContext db, Guid workspaceId) =>
        db.Set<CanvasNote>().Where(n => n.WorkspaceId == workspaceId && n.DeletedAt == null);

    private static async Task<CanvasNote> FindAsync(PortalDbContext db, Guid workspaceId, Guid noteId, CancellationToken cancellationToken) =>
        await Live(db, workspaceId).SingleOrDefaultAsync(n => n.Id == noteId, cancellationToken)
            ?? throw new InputRejectedException("Note", NoNoteKey);

    private static async Task<IReadOnlyList<NoteView>> LoadNotesAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var notes = await Live(db, workspaceId).AsNoTracking().ToListAsync(cancellationToken);
        return [.. notes.OrderBy(n => n.Block).ThenBy(n => n.Position).Select(ToView)];
    }

    private static NoteView ToView(CanvasNote n) => new(n.Id, n.Block, n.Text, n.Colour, n.Position, n.Version, n.UpdatedAt);

    private static string CleanText(string text)
    {
        var checks = new InputChecks();
        var clean = checks.Text("Text", text, CanvasNote.TextMaxLength, required: true);
        checks.ThrowIfAny();
        return clean;
    }

    private static void CheckBlockAndColour(CanvasBlock block, NoteColour colour)
    {
        if (!Enum.IsDefined(block) || !Enum.IsDefined(colour))
        {
            throw new InputRejectedException("Block", "Validation.RequiredField");
        }
    }

    /// <summary>Tells open pages what changed: notes or snapshots with their new versions, or null when they should reload the canvas.</summary>
    private Task PublishAsync(Guid workspaceId, string userId, DateTimeOffset at, object? changes) =>
        events.PublishAsync(new WorkspaceChange(workspaceId, Topic, null, userId, at) { Changes = changes });
}
