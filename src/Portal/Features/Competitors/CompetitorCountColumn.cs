using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Competitors;

/// <summary>The cohort dashboard's column (and the workspace home's figure): how many competitors each team has analysed, its own company not counted.</summary>
public sealed class CompetitorCountColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Competitors";

    public int Order => 27;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.Set<Competitor>().AsNoTracking()
            .Where(c => workspaceIds.Contains(c.WorkspaceId) && !c.IsOwnCompany)
            .GroupBy(c => c.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.WorkspaceId, c => new DashboardCell(c.Count, c.Count.ToString(CultureInfo.InvariantCulture)));
    }
}
