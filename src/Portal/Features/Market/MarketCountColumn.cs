using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Market;

/// <summary>The cohort dashboard's column: each team's personas and channels ("personas · channels"), sorted by personas.</summary>
public sealed class MarketCountColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Market";

    public int Order => 27;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var personas = await db.Set<Persona>().AsNoTracking().Where(p => workspaceIds.Contains(p.WorkspaceId))
            .GroupBy(p => p.WorkspaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var channels = await db.Set<MarketChannel>().AsNoTracking().Where(c => workspaceIds.Contains(c.WorkspaceId))
            .GroupBy(c => c.WorkspaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return personas.Keys.Union(channels.Keys).ToDictionary(id => id, id =>
        {
            var (people, ways) = (personas.GetValueOrDefault(id), channels.GetValueOrDefault(id));
            // Personas first: who the customer is comes before how to reach them; ties go to the team with more channels.
            return new DashboardCell(people * 1000 + ways, string.Create(CultureInfo.InvariantCulture, $"{people} · {ways}"));
        });
    }
}
