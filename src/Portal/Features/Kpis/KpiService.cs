using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Features.Canvas;

namespace Portal.Features.Kpis;

/// <summary>One measurement; <paramref name="RunId"/> names the training run that recorded it, for a KPI bound to a lab figure.</summary>
public sealed record KpiPoint(DateOnly Date, double Value, Guid? RunId = null);

/// <summary>A KPI as the pages show it: its definition, its measurements (oldest first), its status and the pace it needs.</summary>
public sealed record KpiView(
    Guid Id,
    string Name,
    string Unit,
    double Baseline,
    double Target,
    KpiDirection Direction,
    DateOnly StartDate,
    DateOnly Deadline,
    string Specific,
    string Measurable,
    string Achievable,
    string Relevant,
    CanvasBlock? LinkedCanvasBlock,
    string? Objective,
    string? OwnerUserId,
    string OwnerName,
    DateTimeOffset CreatedAt,
    Guid Version,
    IReadOnlyList<KpiPoint> Measurements,
    KpiStatusResult Status,
    KpiPace? Pace,
    KpiLabMetric? LabMetric = null,
    string? LabDatasetKey = null)
{
    public KpiInput ToInput() => new(
        Name, Unit, Baseline, Target, Direction, StartDate, Deadline, Specific, Measurable, Achievable, Relevant, LinkedCanvasBlock, Objective, OwnerUserId ?? "",
        LabMetric, LabDatasetKey);
}

/// <summary>The outcome of a pasted CSV: how many dates were new, how many replaced a value, and the lines left out.</summary>
public sealed record KpiImportResult(int Added, int Replaced, IReadOnlyList<CsvLineError> Errors);

/// <summary>How many of a workspace's KPIs are in each status.</summary>
public sealed record KpiStatusCounts(int OnTrack, int AtRisk, int OffTrack, int NoData);

/// <summary>The KPI is gone (deleted by a teammate) or belongs to another workspace.</summary>
public sealed class KpiNotFoundException() : InvalidOperationException("No such KPI in this workspace.");

/// <summary>
/// SMART KPIs and their measurements. Every method decides access itself from the caller's user id:
/// members and the cohort's instructors read, owners and editors change, everyone else learns nothing.
/// </summary>
public sealed class KpiService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "kpis";

    private readonly KpiWriteOrder writeOrder = new();

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The workspace's KPIs, oldest first; empty for anyone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<KpiView>> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await CanReadAsync(db, userId, workspaceId, cancellationToken))
        {
            return [];
        }

        return await LoadAsync(db, workspaceId, null, cancellationToken);
    }

    /// <summary>One KPI, or null when it does not exist in the workspace or the caller may not read it.</summary>
    public async Task<KpiView?> GetAsync(string? userId, Guid workspaceId, Guid kpiId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await CanReadAsync(db, userId, workspaceId, cancellationToken))
        {
            return null;
        }

        return (await LoadAsync(db, workspaceId, kpiId, cancellationToken)).SingleOrDefault();
    }

    public async Task<KpiView> CreateAsync(string userId, Guid workspaceId, KpiInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = await ValidateAsync(db, workspaceId, input, deadlineMustBeFuture: true, cancellationToken);
        // The write order first, then the database's write lock: always in that order, so two writers never wait on each other.
        using var order = await writeOrder.EnterAsync(workspaceId, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<Kpi>().CountAsync(k => k.WorkspaceId == workspaceId, cancellationToken) >= Kpi.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(KpiInput.Name), "Kpi.Error.TooManyKpis", Kpi.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var kpi = new Kpi { WorkspaceId = workspaceId, Name = clean.Name, Unit = clean.Unit, CreatedById = userId, CreatedAt = now };
        Apply(kpi, clean);
        db.Add(kpi);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "kpi.created", kpi.Name, Link(access, kpi.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(db, workspaceId, kpi.Id, userId, now, cancellationToken);
    }

    /// <summary>Saves the new definition unless someone saved the KPI since <paramref name="expectedVersion"/> was read.</summary>
    public async Task<KpiView> UpdateAsync(string userId, Guid workspaceId, Guid kpiId, KpiInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var kpi = await FindAsync(db, workspaceId, kpiId, cancellationToken);
        var clean = await ValidateAsync(db, workspaceId, input, deadlineMustBeFuture: input.Deadline != kpi.Deadline, cancellationToken);
        if (kpi.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<KpiView>((await LoadAsync(db, workspaceId, kpiId, cancellationToken)).Single());
        }

        // The UPDATE compares the version read above, so a save racing this one between here and there loses.
        Apply(kpi, clean);
        kpi.Version = Guid.NewGuid();
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "kpi.updated", kpi.Name, Link(access, kpi.Id), now);
        using (await writeOrder.EnterAsync(workspaceId, cancellationToken))
        {
            await SaveOrConflictAsync(db, workspaceId, kpiId, cancellationToken);
            return await PublishAsync(db, workspaceId, kpiId, userId, now, cancellationToken);
        }
    }

    /// <summary>Deletes the KPI and its measurements, unless someone changed its definition since <paramref name="expectedVersion"/> was read.</summary>
    public async Task DeleteAsync(string userId, Guid workspaceId, Guid kpiId, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var kpi = await FindAsync(db, workspaceId, kpiId, cancellationToken);
        if (kpi.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<KpiView>((await LoadAsync(db, workspaceId, kpiId, cancellationToken)).Single());
        }

        db.Remove(kpi);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "kpi.deleted", kpi.Name, null, now);
        using (await writeOrder.EnterAsync(workspaceId, cancellationToken))
        {
            await SaveOrConflictAsync(db, workspaceId, kpiId, cancellationToken);
            await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, kpiId.ToString(), userId, now) { Changes = new ItemChanges<KpiView>([], [kpiId]) });
        }
    }

    /// <summary>Records the value for a day; a value already there for that day is replaced. Returns whether one was replaced.</summary>
    public async Task<bool> AddMeasurementAsync(string userId, Guid workspaceId, Guid kpiId, DateOnly date, double value, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (KpiValidation.DateProblem(date, Today) is { } dateProblem)
        {
            errors.Add(new FieldError("Date", dateProblem));
        }

        if (KpiValidation.ValueProblem(value) is { } valueProblem)
        {
            errors.Add(new FieldError("Value", valueProblem, KpiValidation.MaxMagnitude));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var kpi = await FindAsync(db, workspaceId, kpiId, cancellationToken);
        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        using var order = await writeOrder.EnterAsync(workspaceId, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var existing = await db.Set<KpiMeasurement>().SingleOrDefaultAsync(m => m.KpiId == kpiId && m.Date == date, cancellationToken);
        if (existing is null)
        {
            if (await db.Set<KpiMeasurement>().CountAsync(m => m.KpiId == kpiId, cancellationToken) >= KpiMeasurement.MaxPerKpi)
            {
                throw new InputRejectedException("Date", "Kpi.Error.TooManyMeasurements", KpiMeasurement.MaxPerKpi);
            }

            db.Add(new KpiMeasurement { KpiId = kpiId, WorkspaceId = workspaceId, Date = date, Value = value });
        }
        else
        {
            // Typed by hand: no longer the figure of the run that recorded it.
            (existing.Value, existing.RunId) = (value, null);
        }

        var now = clock.GetUtcNow();
        ActivityService.Record(
            db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "kpi.measured",
            $"{kpi.Name} ({date:yyyy-MM-dd}: {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {kpi.Unit})", Link(access, kpiId), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        await PublishAsync(db, workspaceId, kpiId, userId, now, cancellationToken);
        return existing is not null;
    }

    /// <summary>
    /// Takes the good lines of pasted <c>date,value</c> CSV and reports the others by line number. Dates already
    /// measured get the new value; new dates beyond the limit of <see cref="KpiMeasurement.MaxPerKpi"/> are reported too.
    /// </summary>
    public async Task<KpiImportResult> ImportMeasurementsAsync(string userId, Guid workspaceId, Guid kpiId, string csv, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var kpi = await FindAsync(db, workspaceId, kpiId, cancellationToken);
        if ((csv ?? "").Length > KpiCsv.MaxPasteLength)
        {
            throw new InputRejectedException("Csv", "Validation.TooLong", KpiCsv.MaxPasteLength);
        }

        var parsed = KpiCsv.ParseMeasurements(csv ?? "", Today);
        var errors = parsed.Errors.ToList();
        using var order = await writeOrder.EnterAsync(workspaceId, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var stored = await db.Set<KpiMeasurement>().Where(m => m.KpiId == kpiId).ToDictionaryAsync(m => m.Date, cancellationToken);
        var count = stored.Count;
        int added = 0, replaced = 0;
        foreach (var row in parsed.Rows)
        {
            if (stored.TryGetValue(row.Date, out var existing))
            {
                (existing.Value, existing.RunId) = (row.Value, null);
                replaced++;
            }
            else if (count >= KpiMeasurement.MaxPerKpi)
            {
                errors.Add(new CsvLineError(row.Line, "Kpi.Csv.LimitReached", KpiMeasurement.MaxPerKpi));
            }
            else
            {
                db.Add(new KpiMeasurement { KpiId = kpiId, WorkspaceId = workspaceId, Date = row.Date, Value = row.Value });
                count++;
                added++;
            }
        }

        if (added + replaced > 0)
        {
            var now = clock.GetUtcNow();
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "kpi.imported", $"{kpi.Name} ({added + replaced})", Link(access, kpiId), now);
            await db.SaveChangesAsync(cancellationToken);
            await limit.CommitAsync(cancellationToken);
            await PublishAsync(db, workspaceId, kpiId, userId, now, cancellationToken);
        }

        return new KpiImportResult(added, replaced, [.. errors.OrderBy(e => e.Line)]);
    }

    public async Task DeleteMeasurementAsync(string userId, Guid workspaceId, Guid kpiId, DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var kpi = await FindAsync(db, workspaceId, kpiId, cancellationToken);
        var measurement = await db.Set<KpiMeasurement>().SingleOrDefaultAsync(m => m.KpiId == kpiId && m.Date == date, cancellationToken);
        if (measurement is null)
        {
            // Someone removed it first: the outcome the caller wanted.
            return;
        }

        db.Remove(measurement);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "kpi.measurement.deleted", $"{kpi.Name} ({date:yyyy-MM-dd})", Link(access, kpiId), now);
        using (await writeOrder.EnterAsync(workspaceId, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await PublishAsync(db, workspaceId, kpiId, userId, now, cancellationToken);
        }
    }

    /// <summary>Status counts per workspace, from each KPI's latest measurement; workspaces without KPIs are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, KpiStatusCounts>> CountStatusesAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var kpis = await db.Set<Kpi>().AsNoTracking()
            .Where(k => workspaceIds.Contains(k.WorkspaceId))
            .Select(k => new { k.Id, k.WorkspaceId, k.Baseline, k.Target, k.Direction, k.StartDate, k.Deadline })
            .ToListAsync(cancellationToken);
        var latest = await db.Set<KpiMeasurement>().AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId))
            .GroupBy(m => m.KpiId)
            .Select(g => new { KpiId = g.Key, Date = g.Max(m => m.Date) })
            .Join(db.Set<KpiMeasurement>(), x => new { x.KpiId, x.Date }, m => new { m.KpiId, m.Date }, (x, m) => new { m.KpiId, m.Date, m.Value })
            .ToDictionaryAsync(x => x.KpiId, x => (x.Date, x.Value), cancellationToken);
        return kpis
            .GroupBy(k => k.WorkspaceId)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var statuses = g.Select(k => KpiStatusRule.Evaluate(
                        k.Baseline, k.Target, k.Direction, k.StartDate, k.Deadline, latest.TryGetValue(k.Id, out var m) ? m : null).Status).ToList();
                    return new KpiStatusCounts(
                        statuses.Count(s => s == KpiStatus.OnTrack), statuses.Count(s => s == KpiStatus.AtRisk), statuses.Count(s => s == KpiStatus.OffTrack), statuses.Count(s => s == KpiStatus.NoData));
                });
    }

    private async Task<bool> CanReadAsync(PortalDbContext db, string? userId, Guid workspaceId, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(userId) && await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is { } access && access.Can(WorkspaceAction.Read);

    private static async Task<Kpi> FindAsync(PortalDbContext db, Guid workspaceId, Guid kpiId, CancellationToken cancellationToken) =>
        await db.Set<Kpi>().SingleOrDefaultAsync(k => k.Id == kpiId && k.WorkspaceId == workspaceId, cancellationToken) ?? throw new KpiNotFoundException();

    private async Task<KpiInput> ValidateAsync(PortalDbContext db, Guid workspaceId, KpiInput input, bool deadlineMustBeFuture, CancellationToken cancellationToken)
    {
        var clean = KpiValidation.Clean(input);
        var errors = KpiValidation.Check(clean, Today, deadlineMustBeFuture);
        if (clean.OwnerUserId.Length > 0
            && !await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == clean.OwnerUserId, cancellationToken))
        {
            errors.Add(new FieldError(nameof(KpiInput.OwnerUserId), "Kpi.Error.OwnerNotMember"));
        }

        await KpiLabBinding.CheckDatasetAsync(db, workspaceId, clean, errors, cancellationToken);

        return errors.Count > 0 ? throw new InputRejectedException(errors) : clean;
    }

    private static void Apply(Kpi kpi, KpiInput clean)
    {
        kpi.Name = clean.Name;
        kpi.Unit = clean.Unit;
        kpi.Baseline = clean.Baseline;
        kpi.Target = clean.Target;
        kpi.Direction = clean.Direction;
        kpi.StartDate = clean.StartDate;
        kpi.Deadline = clean.Deadline;
        kpi.Specific = clean.Specific;
        kpi.Measurable = clean.Measurable;
        kpi.Achievable = clean.Achievable;
        kpi.Relevant = clean.Relevant;
        kpi.LinkedCanvasBlock = clean.LinkedCanvasBlock;
        kpi.Objective = clean.Objective;
        kpi.OwnerUserId = clean.OwnerUserId;
        (kpi.LabMetric, kpi.LabDatasetKey) = (clean.LabMetric, clean.LabDatasetKey);
    }

    private static async Task<List<KpiView>> LoadAsync(PortalDbContext db, Guid workspaceId, Guid? kpiId, CancellationToken cancellationToken)
    {
        var kpis = await db.Set<Kpi>().AsNoTracking()
            .Where(k => k.WorkspaceId == workspaceId && (kpiId == null || k.Id == kpiId))
            .GroupJoin(db.Users, k => k.OwnerUserId, u => u.Id, (k, owners) => new { Kpi = k, Owners = owners })
            .SelectMany(x => x.Owners.DefaultIfEmpty(), (x, owner) => new { x.Kpi, owner })
            .ToListAsync(cancellationToken);
        var points = (await db.Set<KpiMeasurement>().AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && (kpiId == null || m.KpiId == kpiId))
                .Select(m => new { m.KpiId, m.Date, m.Value, m.RunId })
                .ToListAsync(cancellationToken))
            .GroupBy(m => m.KpiId)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Date).Select(m => new KpiPoint(m.Date, m.Value, m.RunId)).ToList());

        // SQLite cannot order by DateTimeOffset; a workspace has at most a hundred KPIs, so order here.
        return kpis
            .OrderBy(x => x.Kpi.CreatedAt)
            .ThenBy(x => x.Kpi.Name, StringComparer.CurrentCulture)
            .Select(x => ToView(x.Kpi, x.owner?.NameForDisplay ?? "", points.GetValueOrDefault(x.Kpi.Id) ?? []))
            .ToList();
    }

    private static KpiView ToView(Kpi k, string ownerName, List<KpiPoint> measurements) => new(
        k.Id, k.Name, k.Unit, k.Baseline, k.Target, k.Direction, k.StartDate, k.Deadline, k.Specific, k.Measurable, k.Achievable, k.Relevant,
        k.LinkedCanvasBlock, k.Objective, k.OwnerUserId, ownerName, k.CreatedAt, k.Version, measurements,
        KpiStatusRule.Evaluate(k.Baseline, k.Target, k.Direction, k.StartDate, k.Deadline, measurements.Count > 0 ? (measurements[^1].Date, measurements[^1].Value) : null),
        KpiPaceCheck.Compute(k.Baseline, k.Target, k.StartDate, k.Deadline), k.LabMetric, k.LabDatasetKey);

    private static string Link(WorkspaceAccess access, Guid kpiId) => $"/w/{access.Slug}/kpis/{kpiId}";

    /// <summary>Saves; a save that lost a race on the version reports the version that won, or that the KPI is gone.</summary>
    private async Task SaveOrConflictAsync(PortalDbContext db, Guid workspaceId, Guid kpiId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw (await LoadAsync(fresh, workspaceId, kpiId, cancellationToken)).SingleOrDefault() is { } current
                ? new ConcurrencyConflictException<KpiView>(current)
                : new KpiNotFoundException();
        }
    }

    /// <summary>Publishes the KPI as stored now (definition, version and measurements) and returns it.</summary>
    private async Task<KpiView> PublishAsync(PortalDbContext db, Guid workspaceId, Guid kpiId, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var view = (await LoadAsync(db, workspaceId, kpiId, cancellationToken)).Single();
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, kpiId.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
