using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>
/// The comparison matrix of a workspace: its rows (features or attributes, in the team's order, some hidden) and a cell
/// per row and company. Owners and editors change it; every member and the cohort's instructor read it; strangers learn
/// nothing. A row's name and hidden flag and each cell carry a version, and a save made on a stale one is refused with
/// what is stored now. Every change is announced on <see cref="CompetitorTopics.Matrix"/>, and open pages reload the matrix.
/// </summary>
public sealed class ComparisonService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = CompetitorTopics.Matrix;

    /// <summary>The target type of a row's comment thread.</summary>
    public const string CommentTarget = "comparison-row";

    /// <summary>The refusal of a change to a row that no longer exists (someone deleted it).</summary>
    public const string NoRowKey = "Comparison.Error.NoRow";

    /// <summary>The refusal of a cell of a company that no longer exists.</summary>
    public const string NoCompanyKey = "Comparison.Error.NoCompany";

    /// <summary>The whole matrix; null for someone who may not read the workspace.</summary>
    public async Task<ComparisonMatrixView?> GetAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await ReadAsync(db, workspaceId, cancellationToken);
    }

    /// <summary>A new row at the end, shown, with no known cells.</summary>
    public async Task<ComparisonRowView> AddRowAsync(string userId, Guid workspaceId, string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = ComparisonChecks.RowName(name);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var rows = await db.Set<ComparisonRow>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId).Select(r => new { r.Name, r.Position }).ToListAsync(cancellationToken);
        if (rows.Count >= ComparisonRow.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(ComparisonRow.Name), "Comparison.Error.TooMany", ComparisonRow.MaxPerWorkspace);
        }

        RefuseRepeated(clean, rows.Select(r => r.Name));
        var now = clock.GetUtcNow();
        var row = new ComparisonRow { WorkspaceId = workspaceId, Name = clean, Position = rows.Count == 0 ? 0 : rows.Max(r => r.Position) + 1, CreatedAt = now };
        db.Add(row);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "comparison.row.added", clean, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        await PublishAsync(workspaceId, row.Id, userId, now);
        return ComparisonRowView.Of(row);
    }

    /// <summary>Renames a row, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public Task<ComparisonRowView> RenameRowAsync(string userId, Guid workspaceId, Guid rowId, string name, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeRowAsync(userId, workspaceId, rowId, expectedVersion, "comparison.row.renamed", async (db, row) =>
        {
            var clean = ComparisonChecks.RowName(name);
            var others = await db.Set<ComparisonRow>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.Id != rowId).Select(r => r.Name).ToListAsync(cancellationToken);
            RefuseRepeated(clean, others);
            row.Name = clean;
        }, cancellationToken);

    /// <summary>Hides a row from the matrix (kept with its cells) or shows it again, unless it changed since <paramref name="expectedVersion"/>.</summary>
    public Task<ComparisonRowView> SetHiddenAsync(string userId, Guid workspaceId, Guid rowId, bool hidden, Guid expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeRowAsync(userId, workspaceId, rowId, expectedVersion, hidden ? "comparison.row.hidden" : "comparison.row.shown", (_, row) =>
        {
            row.Hidden = hidden;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Moves a row to <paramref name="index"/> of the team's order (clamped to the ends) and returns every row in the
    /// new order. The order is not a row's content, so no version is asked for and none changes.
    /// </summary>
    public async Task<IReadOnlyList<ComparisonRowView>> MoveRowAsync(string userId, Guid workspaceId, Guid rowId, int index, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var rows = Ordered(await db.Set<ComparisonRow>().Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken));
        var row = rows.Find(r => r.Id == rowId) ?? throw new InputRejectedException("Row", NoRowKey);
        rows.Remove(row);
        rows.Insert(Math.Clamp(index, 0, rows.Count), row);
        for (var position = 0; position < rows.Count; position++)
        {
            rows[position].Position = position;
        }

        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "comparison.row.moved", row.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        await PublishAsync(workspaceId, rowId, userId, now);
        return [.. rows.Select(ComparisonRowView.Of)];
    }

    /// <summary>Deletes a row with its cells.</summary>
    public async Task DeleteRowAsync(string userId, Guid workspaceId, Guid rowId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var row = await FindRowAsync(db, workspaceId, rowId, cancellationToken);
        var now = clock.GetUtcNow();
        db.RemoveRange(await db.Set<ComparisonCell>().Where(c => c.RowId == rowId).ToListAsync(cancellationToken));
        db.Remove(row);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "comparison.row.deleted", row.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await PublishAsync(workspaceId, rowId, userId, now);
    }

    /// <summary>
    /// Sets what a company's cell of a row says. <paramref name="expectedVersion"/> is the version of the cell the user
    /// saw, or null when they saw it unknown; if the cell is otherwise now, the save is refused with the cell as it is
    /// (null: unknown).
    /// </summary>
    /// <exception cref="ConcurrencyConflictException{T}">Of <see cref="ComparisonCellView"/>? (nullable): the cell changed since the user saw it.</exception>
    public async Task<ComparisonCellView> SetCellAsync(string userId, Guid workspaceId, Guid rowId, Guid competitorId, ComparisonCellInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var clean = ComparisonChecks.Cell(input);
        var (row, company, cell) = await FindCellAsync(db, workspaceId, rowId, competitorId, cancellationToken);
        if (cell?.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<ComparisonCellView?>(cell is null ? null : ComparisonCellView.Of(cell));
        }

        var now = clock.GetUtcNow();
        if (cell is null)
        {
            cell = new ComparisonCell { WorkspaceId = workspaceId, RowId = rowId, CompetitorId = competitorId };
            db.Add(cell);
        }

        Apply(cell, clean, now);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "comparison.cell.set", Subject(row, company), Link(access), now);
        await SaveCellAsync(db, workspaceId, rowId, competitorId, cancellationToken);
        await PublishAsync(workspaceId, rowId, userId, now);
        return ComparisonCellView.Of(cell);
    }

    /// <summary>Makes a cell unknown again, unless it changed since <paramref name="expectedVersion"/>; a cell unknown already stays so.</summary>
    /// <exception cref="ConcurrencyConflictException{T}">Of <see cref="ComparisonCellView"/>? (nullable): the cell changed since the user saw it.</exception>
    public async Task ClearCellAsync(string userId, Guid workspaceId, Guid rowId, Guid competitorId, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var (row, company, cell) = await FindCellAsync(db, workspaceId, rowId, competitorId, cancellationToken);
        if (cell is null)
        {
            return;
        }

        if (cell.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<ComparisonCellView?>(ComparisonCellView.Of(cell));
        }

        var now = clock.GetUtcNow();
        db.Remove(cell);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "comparison.cell.cleared", Subject(row, company), Link(access), now);
        await SaveCellAsync(db, workspaceId, rowId, competitorId, cancellationToken);
        await PublishAsync(workspaceId, rowId, userId, now);
    }

    /// <summary>The matrix as CSV (see <see cref="ComparisonCsv"/>); null for someone who may not read the workspace.</summary>
    public async Task<string?> ExportCsvAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var matrix = await GetAsync(userId, workspaceId, cancellationToken);
        return matrix is null ? null : ComparisonCsv.Write(matrix);
    }

    /// <summary>Imports pasted CSV text (see <see cref="ComparisonCsv"/>).</summary>
    public Task<ComparisonImportResult> ImportAsync(string userId, Guid workspaceId, string csv, CancellationToken cancellationToken = default) =>
        ImportAsync(userId, workspaceId, _ => Task.FromResult(ComparisonCsv.Read(csv)), cancellationToken);

    /// <summary>Imports an uploaded CSV file; one over <see cref="ComparisonCsv.MaxBytes"/> is refused after reading one byte past the limit.</summary>
    public Task<ComparisonImportResult> ImportAsync(string userId, Guid workspaceId, Stream csv, CancellationToken cancellationToken = default) =>
        ImportAsync(userId, workspaceId, token => ComparisonCsv.ReadAsync(csv, token), cancellationToken);

    /// <summary>
    /// Demand, read the file, then under the write lock match it to the matrix as it is and store in one save: rows
    /// matched by name are updated, new ones added within the limit, cells set or cleared as the file says. Cells the
    /// file says as they are keep their versions. Bad lines and cells are reported and left out; the good ones are kept.
    /// </summary>
    private async Task<ComparisonImportResult> ImportAsync(string userId, Guid workspaceId, Func<CancellationToken, Task<ComparisonCsvTable>> read, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var table = await read(cancellationToken);
        if (table.Refusal is not null)
        {
            return ComparisonImportResult.Refused(table.Refusal);
        }

        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var companies = await CompaniesAsync(db, workspaceId, cancellationToken);
        var rows = Ordered(await db.Set<ComparisonRow>().Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken));
        var plan = ComparisonCsv.Plan(table, companies, [.. rows.Select(ComparisonRowView.Of)]);
        var cells = await db.Set<ComparisonCell>().Where(c => c.WorkspaceId == workspaceId).ToDictionaryAsync(c => (c.RowId, c.CompetitorId), cancellationToken);
        var now = clock.GetUtcNow();
        var (added, updated, changed) = (0, 0, 0);
        var next = rows.Count == 0 ? 0 : rows.Max(r => r.Position) + 1;
        foreach (var imported in plan.Rows)
        {
            var row = rows.Find(r => r.Id == imported.ExistingId);
            if (row is null)
            {
                row = new ComparisonRow { WorkspaceId = workspaceId, Name = imported.Name, Position = next++, CreatedAt = now, Hidden = imported.Hidden ?? false };
                db.Add(row);
                added++;
            }
            else
            {
                var renamed = row.Name != imported.Name || (imported.Hidden is { } hidden && hidden != row.Hidden);
                if (renamed)
                {
                    // The file's spelling of the name (case) and its hidden flag win.
                    (row.Name, row.Hidden, row.Version) = (imported.Name, imported.Hidden ?? row.Hidden, Guid.NewGuid());
                }

                updated++;
            }

            foreach (var c in imported.Cells)
            {
                var stored = cells.GetValueOrDefault((row.Id, c.CompetitorId));
                if (c.Cell is null)
                {
                    if (stored is not null)
                    {
                        db.Remove(stored);
                        changed++;
                    }

                    continue;
                }

                var wanted = c.NoteGiven || stored is null ? c.Cell : c.Cell with { Note = stored.Note };
                if (stored is not null && stored.Kind == wanted.Kind && stored.Value == wanted.Value && stored.Note == wanted.Note)
                {
                    continue;
                }

                if (stored is null)
                {
                    stored = new ComparisonCell { WorkspaceId = workspaceId, RowId = row.Id, CompetitorId = c.CompetitorId };
                    db.Add(stored);
                }

                Apply(stored, wanted, now);
                changed++;
            }
        }

        if (plan.Rows.Count > 0)
        {
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "comparison.imported",
                plan.Rows.Count.ToString(CultureInfo.InvariantCulture), Link(access), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await limit.CommitAsync(cancellationToken);
        if (plan.Rows.Count > 0)
        {
            await PublishAsync(workspaceId, null, userId, now);
        }

        return new ComparisonImportResult(added, updated, changed, plan.UnknownColumns, [.. plan.Problems.Take(ComparisonCsv.MaxReportedProblems)], plan.Problems.Count,
            plan.Rows.Count == 0 ? new FieldError(ComparisonCsv.Field, "Comparison.Csv.NothingTaken") : null);
    }

    /// <summary>The one path of a change to a row's name or flag: demand, refuse a stale version with the current row, change, new version, activity, save, announce.</summary>
    private async Task<ComparisonRowView> ChangeRowAsync(string userId, Guid workspaceId, Guid rowId, Guid expectedVersion, string activityKind, Func<PortalDbContext, ComparisonRow, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var row = await FindRowAsync(db, workspaceId, rowId, cancellationToken);
        if (row.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<ComparisonRowView>(ComparisonRowView.Of(row));
        }

        await change(db, row);
        var now = clock.GetUtcNow();
        row.Version = Guid.NewGuid();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), activityKind, row.Name, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await limit.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<ComparisonRowView>(ComparisonRowView.Of(await FindRowAsync(fresh, workspaceId, rowId, cancellationToken)));
        }

        await PublishAsync(workspaceId, rowId, userId, now);
        return ComparisonRowView.Of(row);
    }

    /// <summary>Saves a cell; if someone saved the same cell in between (a version changed, or both added it), refuses with theirs.</summary>
    private async Task SaveCellAsync(PortalDbContext db, Guid workspaceId, Guid rowId, Guid competitorId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var (_, _, current) = await FindCellAsync(fresh, workspaceId, rowId, competitorId, cancellationToken);
            throw new ConcurrencyConflictException<ComparisonCellView?>(current is null ? null : ComparisonCellView.Of(current));
        }
    }

    private static void Apply(ComparisonCell cell, ComparisonCellInput input, DateTimeOffset now)
    {
        cell.Kind = input.Kind;
        cell.Value = input.Value;
        cell.Note = input.Note;
        cell.UpdatedAt = now;
        cell.Version = Guid.NewGuid();
    }

    private static void RefuseRepeated(string name, IEnumerable<string> others)
    {
        if (others.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new InputRejectedException(nameof(ComparisonRow.Name), "Comparison.Error.Repeated");
        }
    }

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/competitors";

    private static string Subject(ComparisonRow row, Competitor company) => $"{row.Name} · {company.Name}";

    private static List<ComparisonRow> Ordered(IEnumerable<ComparisonRow> rows) => [.. rows.OrderBy(r => r.Position).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)];

    private static async Task<ComparisonMatrixView> ReadAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var companies = await CompaniesAsync(db, workspaceId, cancellationToken);
        var rows = await db.Set<ComparisonRow>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var cells = await db.Set<ComparisonCell>().AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var ordered = Ordered(rows);
        var rowOrder = ordered.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var columnOrder = companies.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        return new ComparisonMatrixView(
            companies,
            [.. ordered.Select(ComparisonRowView.Of)],
            [.. cells.Where(c => rowOrder.ContainsKey(c.RowId) && columnOrder.ContainsKey(c.CompetitorId))
                .OrderBy(c => rowOrder[c.RowId]).ThenBy(c => columnOrder[c.CompetitorId]).Select(ComparisonCellView.Of)]);
    }

    /// <summary>The companies in column order: the team's own first, then by position.</summary>
    private static async Task<List<ComparisonCompanyView>> CompaniesAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var companies = await db.Set<Competitor>().AsNoTracking().Where(c => c.WorkspaceId == workspaceId)
            .Select(c => new { c.Id, c.Name, c.IsOwnCompany, c.Position, c.CreatedAt }).ToListAsync(cancellationToken);
        return [.. companies.OrderByDescending(c => c.IsOwnCompany).ThenBy(c => c.Position).ThenBy(c => c.CreatedAt)
            .Select(c => new ComparisonCompanyView(c.Id, c.Name, c.IsOwnCompany))];
    }

    private static async Task<ComparisonRow> FindRowAsync(PortalDbContext db, Guid workspaceId, Guid rowId, CancellationToken cancellationToken) =>
        await db.Set<ComparisonRow>().SingleOrDefaultAsync(r => r.Id == rowId && r.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Row", NoRowKey);

    private static async Task<(ComparisonRow Row, Competitor Company, ComparisonCell? Cell)> FindCellAsync(PortalDbContext db, Guid workspaceId, Guid rowId, Guid competitorId, CancellationToken cancellationToken)
    {
        var row = await db.Set<ComparisonRow>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == rowId && r.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Row", NoRowKey);
        var company = await db.Set<Competitor>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == competitorId && c.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Company", NoCompanyKey);
        var cell = await db.Set<ComparisonCell>().SingleOrDefaultAsync(c => c.RowId == rowId && c.CompetitorId == competitorId, cancellationToken);
        return (row, company, cell);
    }

    /// <summary>Tells every open matrix to reload: many cells can change at once, and a matrix is small.</summary>
    private Task PublishAsync(Guid workspaceId, Guid? itemId, string userId, DateTimeOffset at) =>
        events.PublishAsync(new WorkspaceChange(workspaceId, Topic, itemId?.ToString(), userId, at));
}
