using System.Globalization;
using Portal.Features.Cohorts;

namespace Portal.Features.Kpis;

/// <summary>
/// "KPIs on track / at risk / off track" on the instructor dashboard and the workspace home: a cell such as
/// "3 / 1 / 0" for each team with KPIs, sorted by the off-track count (then by at-risk) so the teams in trouble
/// come together. KPIs without measurements count in none of the three.
/// </summary>
public sealed class KpiStatusColumn(KpiService kpis) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Kpis";

    public int Order => 30;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        var counts = await kpis.CountStatusesAsync(workspaceIds, cancellationToken);
        return counts.ToDictionary(
            c => c.Key,
            c => new DashboardCell(
                c.Value.OffTrack + (c.Value.AtRisk / 1000.0),
                string.Create(CultureInfo.InvariantCulture, $"{c.Value.OnTrack} / {c.Value.AtRisk} / {c.Value.OffTrack}")));
    }
}
