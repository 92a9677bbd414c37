using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Decisions;

/// <summary>The cohort dashboard's column: each team's accepted technology decisions of all it has asked, sorted by the accepted.</summary>
public sealed class DecisionCountColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Decisions";

    public int Order => 35;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.Set<Decision>().AsNoTracking()
            .Where(d => workspaceIds.Contains(d.WorkspaceId))
            .GroupBy(d => d.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, All = g.Count(), Accepted = g.Count(d => d.Status == DecisionStatus.Accepted) })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.WorkspaceId, c => new DashboardCell(c.Accepted, string.Create(CultureInfo.InvariantCulture, $"{c.Accepted} / {c.All}")));
    }
}
