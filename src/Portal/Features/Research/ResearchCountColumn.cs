using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Research;

/// <summary>The cohort dashboard's column: each team's interviews and requirements ("interviews · requirements"), sorted by interviews.</summary>
public sealed class ResearchCountColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Research";

    public int Order => 25;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var interviews = await db.Set<Interview>().AsNoTracking().Where(i => workspaceIds.Contains(i.WorkspaceId))
            .GroupBy(i => i.WorkspaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var requirements = await db.Set<Requirement>().AsNoTracking().Where(r => workspaceIds.Contains(r.WorkspaceId))
            .GroupBy(r => r.WorkspaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return interviews.Keys.Union(requirements.Keys).ToDictionary(id => id, id =>
        {
            var (heard, required) = (interviews.GetValueOrDefault(id), requirements.GetValueOrDefault(id));
            // Interviews first: research comes before requirements; ties go to the team with more requirements.
            return new DashboardCell(heard * 1000 + required, string.Create(CultureInfo.InvariantCulture, $"{heard} · {required}"));
        });
    }
}
