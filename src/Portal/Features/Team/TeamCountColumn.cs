using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Team;

/// <summary>The cohort dashboard's column (also on the workspace home): each team's people and its skill gaps, sorted by the people.</summary>
public sealed class TeamCountColumn(IDbContextFactory<PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.TeamPeople";

    public int Order => 37;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var people = await db.Set<TeamMember>().AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId))
            .Select(m => new { m.WorkspaceId, Covered = m.Skills.Where(s => s.Level >= TeamGaps.WorkingLevel).Select(s => s.Skill).ToList() })
            .ToListAsync(cancellationToken);
        return people.GroupBy(p => p.WorkspaceId).ToDictionary(g => g.Key, g =>
        {
            var covered = g.SelectMany(p => p.Covered).Where(TeamSkills.All.Contains).Distinct().Count();
            var gaps = TeamSkills.All.Count - covered;
            return new DashboardCell(g.Count(), string.Create(CultureInfo.InvariantCulture, $"{g.Count()} · {gaps}"));
        });
    }
}
