using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Content;
using Portal.Data;
using Portal.Features.Cohorts;

namespace Portal.Features.Compliance;

/// <summary>
/// The cohort dashboard's and the workspace home's column: each team's overall compliance progress, the items done of all
/// that apply to it (by its answers and overrides), as a percentage. A team that has not answered the questions has no cell.
/// </summary>
public sealed class ComplianceProgressColumn(IDbContextFactory<PortalDbContext> contextFactory, ComplianceCatalog catalog) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.Compliance";

    public int Order => 42;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var profiles = await db.Set<ComplianceProfile>().AsNoTracking().Where(p => workspaceIds.Contains(p.WorkspaceId)).ToListAsync(cancellationToken);
        var ids = profiles.Select(p => p.WorkspaceId).ToList();
        var states = await db.Set<ComplianceItemState>().AsNoTracking().Where(s => ids.Contains(s.WorkspaceId)).ToListAsync(cancellationToken);
        // Which items apply does not depend on the language: the rules and ids are the same in both.
        var checklists = catalog.Get(GuideLanguages.Chinese);
        var cells = new Dictionary<Guid, DashboardCell>();
        foreach (var profile in profiles)
        {
            var assessment = ComplianceApplicability.Assess(checklists, ComplianceChecks.ToAnswers(ComplianceChecks.ReadAnswers(profile.AnswersJson)));
            var own = states.Where(s => s.WorkspaceId == profile.WorkspaceId).ToDictionary(s => s.ItemId, s => ComplianceItemStateView.Of(s, ""), StringComparer.Ordinal);
            var regimes = ComplianceProgress.Regimes(assessment, own);
            var (done, applicable) = (regimes.Sum(r => r.Done), regimes.Sum(r => r.Applicable));
            var percent = ComplianceProgress.Percent(done, applicable);
            cells[profile.WorkspaceId] = new DashboardCell(percent, string.Create(CultureInfo.InvariantCulture, $"{percent} % ({done} / {applicable})"));
        }

        return cells;
    }
}
