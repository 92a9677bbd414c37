using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Decisions;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>
/// The growth funnel and the unit economics of a workspace: members and the cohort's instructors read, owners and
/// editors change, everyone else learns nothing. Each save is refused when the page read an older version.
/// </summary>
public sealed class GrowthService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TrainingService training, TimeProvider clock)
{
    public const string FunnelItem = "funnel";
    public const string EconomicsItem = "economics";

    /// <summary>The five stages (those never saved have no number and version <see cref="Guid.Empty"/>); null for someone who may not read the workspace.</summary>
    public async Task<FunnelView?> GetFunnelAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await FunnelAsync(db, workspaceId, cancellationToken);
    }

    /// <summary>
    /// Saves the stages sent (the others stay as they are), unless one of them changed since the version the page read:
    /// then nothing is saved and the conflict carries the funnel as it is now.
    /// </summary>
    public async Task<FunnelView> SaveFunnelAsync(string userId, Guid workspaceId, IReadOnlyList<FunnelStageInput> stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var kpis = (await db.Set<Kpi>().Where(k => k.WorkspaceId == workspaceId).Select(k => k.Id).ToListAsync(cancellationToken)).ToHashSet();
        GrowthChecks.Funnel(stages, kpis);
        var rows = await db.Set<FunnelStage>().Where(s => s.WorkspaceId == workspaceId).ToDictionaryAsync(s => s.Stage, cancellationToken);
        if (stages.Any(s => (rows.TryGetValue(s.Stage, out var row) ? row.Version : Guid.Empty) != s.ExpectedVersion))
        {
            throw new ConcurrencyConflictException<FunnelView>(await FunnelAsync(db, workspaceId, cancellationToken));
        }

        var now = clock.GetUtcNow();
        foreach (var stage in stages)
        {
            if (!rows.TryGetValue(stage.Stage, out var row))
            {
                row = new FunnelStage { WorkspaceId = workspaceId, Stage = stage.Stage };
                db.Add(row);
                rows[stage.Stage] = row;
            }
            else if (row.Count == stage.Count && row.KpiId == stage.KpiId)
            {
                continue;
            }

            row.Count = stage.Count;
            row.KpiId = stage.KpiId;
            row.UpdatedAt = now;
            row.Version = Guid.NewGuid();
        }

        var subject = string.Join(" → ", FunnelMath.Stages.Select(s => rows.TryGetValue(s, out var r) && r.Count is { } c ? c.ToString(CultureInfo.InvariantCulture) : r?.KpiId is not null ? "KPI" : "–"));
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "growth.funnel", subject, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException)
        {
            // Someone saved in between: a changed version, or the same new stage added first.
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<FunnelView>(await FunnelAsync(fresh, workspaceId, cancellationToken));
        }

        var view = await FunnelAsync(db, workspaceId, cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, MarketTopics.Growth, FunnelItem, userId, now) { Changes = view });
        return view;
    }

    /// <summary>The unit economics with what they are computed from; null for someone who may not read the workspace.</summary>
    public async Task<UnitEconomicsView?> GetEconomicsAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await EconomicsAsync(db, userId, workspaceId, cancellationToken);
    }

    /// <summary>Saves the record, unless it changed since <paramref name="expectedVersion"/> (<see cref="Guid.Empty"/> when the page read none).</summary>
    public async Task<UnitEconomicsView> SaveEconomicsAsync(string userId, Guid workspaceId, UnitEconomicsInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var runs = await FinishedRunsAsync(userId, workspaceId, cancellationToken);
        GrowthChecks.Economics(input, runs.Select(r => r.RunId).ToHashSet());
        var row = await db.Set<UnitEconomics>().SingleOrDefaultAsync(u => u.WorkspaceId == workspaceId, cancellationToken);
        if ((row?.Version ?? Guid.Empty) != expectedVersion)
        {
            throw new ConcurrencyConflictException<UnitEconomicsView>(await EconomicsAsync(db, userId, workspaceId, cancellationToken));
        }

        if (row is null)
        {
            row = new UnitEconomics { WorkspaceId = workspaceId };
            db.Add(row);
        }

        var now = clock.GetUtcNow();
        row.MonthlyPrice = input.MonthlyPrice;
        row.GrossMarginPercent = input.GrossMarginPercent;
        row.InferenceCostPerCustomer = input.InferenceCostPerCustomer;
        row.LabRunId = input.LabRunId;
        row.RequestsPerCustomer = input.RequestsPerCustomer;
        row.MonthlyChurnPercent = input.MonthlyChurnPercent;
        row.CacOverride = input.CacOverride;
        row.UpdatedAt = now;
        row.Version = Guid.NewGuid();
        var subject = string.Create(CultureInfo.InvariantCulture, $"{input.MonthlyPrice:0.##} USD · {input.MonthlyChurnPercent:0.##}%");
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "growth.economics", subject, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<UnitEconomicsView>(await EconomicsAsync(fresh, userId, workspaceId, cancellationToken));
        }

        var view = await EconomicsAsync(db, userId, workspaceId, cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, MarketTopics.Growth, EconomicsItem, userId, now) { Changes = view });
        return view;
    }

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/market";

    private static async Task<FunnelView> FunnelAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<FunnelStage>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToDictionaryAsync(s => s.Stage, cancellationToken);
        var kpis = await db.Set<Kpi>().AsNoTracking().Where(k => k.WorkspaceId == workspaceId)
            .Select(k => new { k.Id, k.Name, k.Unit, k.CreatedAt, Latest = k.Measurements.OrderByDescending(m => m.Date).Select(m => new { m.Date, m.Value }).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        // Oldest first, as the KPI tool lists them (SQLite cannot order by a DateTimeOffset).
        List<FunnelKpiOption> options = [.. kpis.OrderBy(k => k.CreatedAt).Select(k => new FunnelKpiOption(k.Id, k.Name, k.Unit, k.Latest?.Date, k.Latest?.Value))];
        List<FunnelStageView> stages = [];
        foreach (var kind in FunnelMath.Stages)
        {
            if (!rows.TryGetValue(kind, out var row))
            {
                stages.Add(new FunnelStageView(kind, null, null, null, null, null, Guid.Empty, null));
                continue;
            }

            var kpi = options.Find(k => k.Id == row.KpiId);
            // A KPI without a measurement, or with one below zero, cannot stand for a number of people: the entered number does.
            var fromKpi = kpi is { LatestValue: >= 0 };
            stages.Add(new FunnelStageView(kind, row.Count, row.KpiId, kpi?.Name, fromKpi ? kpi!.MeasuredOn : null, fromKpi ? kpi!.LatestValue : row.Count, row.Version, row.UpdatedAt));
        }

        return new FunnelView(stages, options);
    }

    private async Task<IReadOnlyList<LabCostFigure>> FinishedRunsAsync(string userId, Guid workspaceId, CancellationToken cancellationToken) =>
        [.. (await training.ListAsync(userId, workspaceId, cancellationToken) ?? []).Select(LabCostEvidence.Of).OfType<LabCostFigure>()];

    private async Task<UnitEconomicsView> EconomicsAsync(PortalDbContext db, string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var row = await db.Set<UnitEconomics>().AsNoTracking().SingleOrDefaultAsync(u => u.WorkspaceId == workspaceId, cancellationToken);
        var channels = await db.Set<MarketChannel>().AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var blended = ChannelEconomics.BlendedCac(channels);
        var (budget, customers) = (channels.Sum(c => c.MonthlyBudget), channels.Sum(c => ChannelEconomics.CustomersPerMonth(c.MonthlyReach, c.ConversionPercent)));
        var runs = await FinishedRunsAsync(userId, workspaceId, cancellationToken);
        var churns = await RetentionChurnsAsync(db, workspaceId, cancellationToken);
        if (row is null)
        {
            return new UnitEconomicsView(null, Guid.Empty, null, blended, channels.Count, budget, customers, null, runs, null, churns);
        }

        var saved = new UnitEconomicsInput(row.MonthlyPrice, row.GrossMarginPercent, row.InferenceCostPerCustomer, row.LabRunId, row.RequestsPerCustomer, row.MonthlyChurnPercent, row.CacOverride);
        var labRun = runs.FirstOrDefault(r => r.RunId == row.LabRunId);
        var result = Compute(saved, labRun, blended);
        return new UnitEconomicsView(saved, row.Version, row.UpdatedAt, blended, channels.Count, budget, customers, labRun, runs, result, churns);
    }

    /// <summary>The churn each retention cohort set implies (newest set first); sets too short to imply one are left out.</summary>
    private static async Task<IReadOnlyList<RetentionChurn>> RetentionChurnsAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var sets = await db.Set<RetentionCohortSet>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId)
            .Select(s => new { s.Id, s.Name, s.CohortsJson, s.CreatedAt }).ToListAsync(cancellationToken);
        return [.. sets.OrderByDescending(s => s.CreatedAt.UtcTicks)
            .Select(s => (s.Id, s.Name, Churn: RetentionAnalysis.Of(RetentionService.Cohorts(s.CohortsJson)).MonthlyChurnPercent))
            .Where(s => s.Churn is not null)
            .Select(s => new RetentionChurn(s.Id, s.Name, Math.Round(s.Churn!.Value, 2)))];
    }

    /// <summary>The result of <paramref name="input"/>: with a run's figure, its cost; else the cost entered (none is 0).</summary>
    public static UnitEconomicsResult Compute(UnitEconomicsInput input, LabCostFigure? labRun, decimal? blendedCac)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (inference, inferenceSource) = labRun is not null && input.LabRunId == labRun.RunId
            ? (UnitEconomicsMath.InferenceFromLab(input.RequestsPerCustomer, labRun.MonthlyServingUsd), InferenceSource.LabRun)
            : (input.InferenceCostPerCustomer ?? 0, InferenceSource.Entered);
        var (cac, cacSource) = input.CacOverride is { } entered ? (entered, CacSource.Entered) : (blendedCac, CacSource.Channels);
        return UnitEconomicsMath.Compute(input.MonthlyPrice, input.GrossMarginPercent, inference, inferenceSource, input.MonthlyChurnPercent, cac, cacSource);
    }
}
