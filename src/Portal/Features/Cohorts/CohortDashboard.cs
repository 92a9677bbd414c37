using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Guide;

using Portal.Features.Workspaces;

namespace Portal.Features.Cohorts;

/// <summary>One figure for one team on the instructor dashboard: a sortable value and its display text.</summary>
public sealed record DashboardCell(double SortValue, string Text);

/// <summary>
/// A column of the instructor dashboard. Each feature that has figures to show (the guide, the
/// activity log, and the planning tools and model lab as they arrive) registers one.
/// </summary>
public interface ICohortDashboardColumn
{
    /// <summary>Resource key of the column heading.</summary>
    string TitleKey { get; }

    int Order { get; }

    Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken);
}

public sealed record DashboardRow(Guid WorkspaceId, string Slug, string Name, int MemberCount, IReadOnlyList<DashboardCell?> Cells);

public sealed record Dashboard(CohortSummary Cohort, IReadOnlyList<string> ColumnTitleKeys, IReadOnlyList<DashboardRow> Rows);

/// <summary>One team's line on the progress chart: chapters read per member, day by day.</summary>
public sealed record ProgressSeries(string TeamName, IReadOnlyList<DateOnly> Days, IReadOnlyList<double> ChaptersPerMember);

public sealed class CohortDashboardService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, CohortService cohorts, IEnumerable<ICohortDashboardColumn> columns)
{
    private readonly ICohortDashboardColumn[] orderedColumns = [.. columns.OrderBy(c => c.Order)];

    /// <summary>The cohort's teams with every registered column; null for anyone but its instructors.</summary>
    public async Task<Dashboard?> GetAsync(string? userId, Guid cohortId, CancellationToken cancellationToken = default)
    {
        if (!await cohorts.IsInstructorOfAsync(userId, cohortId, cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cohort = await db.Set<Cohort>().AsNoTracking()
            .Where(c => c.Id == cohortId)
            .Select(c => new CohortSummary(c.Id, c.Name, c.StartsOn, c.EndsOn, c.JoinCode, db.Workspaces.Count(w => w.CohortId == c.Id)))
            .SingleAsync(cancellationToken);
        var teams = await db.Workspaces.AsNoTracking()
            .Where(w => w.CohortId == cohortId)
            .OrderBy(w => w.Name)
            .Select(w => new { w.Id, w.Slug, w.Name, Members = w.Members.Count })
            .ToListAsync(cancellationToken);
        var ids = teams.Select(t => t.Id).ToList();
        var figures = new List<IReadOnlyDictionary<Guid, DashboardCell>>();
        foreach (var column in orderedColumns)
        {
            figures.Add(await column.GetAsync(ids, cancellationToken));
        }

        var rows = teams
            .Select(t => new DashboardRow(t.Id, t.Slug, t.Name, t.Members, [.. figures.Select(f => f.GetValueOrDefault(t.Id))]))
            .ToList();
        return new Dashboard(cohort, [.. orderedColumns.Select(c => c.TitleKey)], rows);
    }

    /// <summary>The same figures for one workspace, for its home page; empty for anyone who may not read it.</summary>
    public async Task<IReadOnlyList<(string TitleKey, DashboardCell? Cell)>> GetWorkspaceFiguresAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
            {
                return [];
            }
        }

        var figures = new List<(string, DashboardCell?)>();
        foreach (var column in orderedColumns)
        {
            figures.Add((column.TitleKey, (await column.GetAsync([workspaceId], cancellationToken)).GetValueOrDefault(workspaceId)));
        }

        return figures;
    }

    /// <summary>Guide chapters read per member for each team, every day from the cohort's start to today (or its end).</summary>
    public async Task<IReadOnlyList<ProgressSeries>?> GetProgressOverTimeAsync(string? userId, Guid cohortId, DateOnly today, CancellationToken cancellationToken = default)
    {
        if (!await cohorts.IsInstructorOfAsync(userId, cohortId, cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cohort = await db.Set<Cohort>().AsNoTracking().SingleAsync(c => c.Id == cohortId, cancellationToken);
        var members = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => db.Workspaces.Any(w => w.Id == m.WorkspaceId && w.CohortId == cohortId))
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new { w.Name, m.UserId })
            .ToListAsync(cancellationToken);
        var userIds = members.Select(m => m.UserId).Distinct().ToList();
        var completions = await db.Set<ReadingProgress>().AsNoTracking()
            .Where(p => userIds.Contains(p.UserId) && p.CompletedAt != null)
            .Select(p => new { p.UserId, p.CompletedAt })
            .ToListAsync(cancellationToken);
        var last = today < cohort.EndsOn ? today : cohort.EndsOn;
        var first = cohort.StartsOn;
        return members
            .GroupBy(m => m.Name)
            .OrderBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(team => BuildSeries(team.Key, team.Select(m => m.UserId).ToHashSet(), completions.Select(c => (c.UserId, DateOnly.FromDateTime(c.CompletedAt!.Value.UtcDateTime))), first, last))
            .ToList();
    }

    /// <summary>Cumulative completions per member on each day; a pure function so the chart's numbers have tests.</summary>
    public static ProgressSeries BuildSeries(string team, IReadOnlySet<string> memberIds, IEnumerable<(string UserId, DateOnly Day)> completions, DateOnly first, DateOnly last)
    {
        var days = new List<DateOnly>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(day);
        }

        var perDay = completions.Where(c => memberIds.Contains(c.UserId)).GroupBy(c => c.Day < first ? first : c.Day).ToDictionary(g => g.Key, g => g.Count());
        var values = new List<double>(days.Count);
        var total = 0;
        foreach (var day in days)
        {
            total += perDay.GetValueOrDefault(day);
            values.Add(memberIds.Count == 0 ? 0 : Math.Round((double)total / memberIds.Count, 2));
        }

        return new ProgressSeries(team, days, values);
    }
}

/// <summary>Chapters read to the end, averaged over the team's members.</summary>
public sealed class GuideProgressColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.GuideProgress";

    public int Order => 10;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var members = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId))
            .Select(m => new { m.WorkspaceId, m.UserId })
            .ToListAsync(cancellationToken);
        var userIds = members.Select(m => m.UserId).Distinct().ToList();
        var completed = await db.Set<ReadingProgress>().AsNoTracking()
            .Where(p => userIds.Contains(p.UserId) && p.CompletedAt != null)
            .GroupBy(p => p.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.UserId, x => x.Count, cancellationToken);
        return members
            .GroupBy(m => m.WorkspaceId)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var average = g.Average(m => completed.GetValueOrDefault(m.UserId));
                    return new DashboardCell(average, average.ToString("0.#", System.Globalization.CultureInfo.CurrentCulture));
                });
    }
}

/// <summary>When the team last changed anything.</summary>
public sealed class LastActivityColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.LastActivity";

    public int Order => 100;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.Set<ActivityEntry>().AsNoTracking()
            .Where(a => workspaceIds.Contains(a.WorkspaceId))
            .GroupBy(a => a.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, LastId = g.Max(a => a.Id) })
            .Join(db.Set<ActivityEntry>(), x => x.LastId, a => a.Id, (x, a) => new { x.WorkspaceId, a.At })
            .ToListAsync(cancellationToken);
        return latest.ToDictionary(
            x => x.WorkspaceId,
            x => new DashboardCell(x.At.ToUnixTimeSeconds(), x.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
