using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Risks;

/// <summary>Open risks by band on the dashboard and the workspace home: "C1 H2 M3 L0", sorted by critical, then high.</summary>
public sealed class RiskSeverityColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Risks";

    public int Order => 40;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var risks = await db.Set<Risk>().AsNoTracking()
            .Where(r => workspaceIds.Contains(r.WorkspaceId) && r.Status != RiskStatus.Closed)
            .Select(r => new { r.WorkspaceId, r.Likelihood, r.Impact })
            .ToListAsync(cancellationToken);
        return workspaceIds.ToDictionary(id => id, id =>
        {
            var bands = risks.Where(r => r.WorkspaceId == id).GroupBy(r => RiskScore.Band(RiskScore.Of(r.Likelihood, r.Impact))).ToDictionary(g => g.Key, g => g.Count());
            int Count(RiskBand band) => bands.GetValueOrDefault(band);
            return new DashboardCell(Count(RiskBand.Critical) * 1000 + Count(RiskBand.High), $"C{Count(RiskBand.Critical)} H{Count(RiskBand.High)} M{Count(RiskBand.Medium)} L{Count(RiskBand.Low)}");
        });
    }
}
