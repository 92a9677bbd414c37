using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Kpis;
using Portal.Features.Research;
using Portal.Features.Risks;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap;

/// <summary>
/// The checks every save of a milestone or a task passes: texts, dates, the estimate, and that each link names an item
/// of the same workspace (an id from another workspace is refused as if it did not exist). All problems at once, each
/// on its own field.
/// </summary>
internal static class RoadmapChecks
{
    public static async Task<MilestoneInput> MilestoneAsync(PortalDbContext db, Guid workspaceId, MilestoneInput input, CancellationToken cancellationToken)
    {
        var checks = new InputChecks();
        var title = checks.Text(nameof(input.Title), input.Title, Milestone.TitleMaxLength, required: true);
        var definition = checks.Text(nameof(input.DefinitionOfDone), input.DefinitionOfDone, Milestone.DefinitionMaxLength);
        checks.Expect(input.DueOn is not null, nameof(input.DueOn), "Validation.RequiredField");
        var kpiIds = (input.KpiIds ?? []).Distinct().ToList();
        checks.Expect(kpiIds.Count <= Milestone.MaxKpis, nameof(input.KpiIds), "Roadmap.Error.TooManyKpis", Milestone.MaxKpis);
        var known = await db.Set<Kpi>().AsNoTracking().Where(k => k.WorkspaceId == workspaceId && kpiIds.Contains(k.Id)).CountAsync(cancellationToken);
        checks.Expect(known == kpiIds.Count, nameof(input.KpiIds), "Roadmap.Error.NoSuchKpi");
        checks.ThrowIfAny();
        return new MilestoneInput(title, input.DueOn, definition, kpiIds);
    }

    public static async Task<RoadmapTaskInput> TaskAsync(PortalDbContext db, Guid workspaceId, RoadmapTaskInput input, CancellationToken cancellationToken)
    {
        var checks = new InputChecks();
        var title = checks.Text(nameof(input.Title), input.Title, RoadmapTask.TitleMaxLength, required: true);
        var description = checks.Text(nameof(input.Description), input.Description, RoadmapTask.DescriptionMaxLength);
        var source = string.IsNullOrWhiteSpace(input.Source) ? null : checks.Text(nameof(input.Source), input.Source, RoadmapTask.SourceMaxLength);
        checks.Expect(Enum.IsDefined(input.Status), nameof(input.Status), "Validation.RequiredField");
        checks.Expect(
            input.EstimateDays is not { } estimate || (double.IsFinite(estimate) && estimate > 0 && estimate <= RoadmapTask.MaxEstimateDays),
            nameof(input.EstimateDays), "Roadmap.Error.Estimate", RoadmapTask.MaxEstimateDays);
        checks.Expect(input.StartOn is not { } start || input.DueOn is not { } due || start <= due, nameof(input.DueOn), "Roadmap.Error.DueBeforeStart");

        var assignee = string.IsNullOrWhiteSpace(input.AssigneeId) ? null : input.AssigneeId;
        checks.Expect(
            assignee is null || await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == assignee, cancellationToken),
            nameof(input.AssigneeId), "Roadmap.Error.NotAMember");
        checks.Expect(await OwnsAsync(db.Set<Milestone>(), m => m.Id == input.MilestoneId && m.WorkspaceId == workspaceId, input.MilestoneId, cancellationToken), nameof(input.MilestoneId), "Roadmap.Error.NoSuchItem");
        checks.Expect(await OwnsAsync(db.Set<Requirement>(), r => r.Id == input.RequirementId && r.WorkspaceId == workspaceId, input.RequirementId, cancellationToken), nameof(input.RequirementId), "Roadmap.Error.NoSuchItem");
        checks.Expect(await OwnsAsync(db.Set<Risk>(), r => r.Id == input.RiskId && r.WorkspaceId == workspaceId, input.RiskId, cancellationToken), nameof(input.RiskId), "Roadmap.Error.NoSuchItem");
        checks.Expect(await OwnsAsync(db.Set<Kpi>(), k => k.Id == input.KpiId && k.WorkspaceId == workspaceId, input.KpiId, cancellationToken), nameof(input.KpiId), "Roadmap.Error.NoSuchItem");
        checks.ThrowIfAny();
        return input with { Title = title, Description = description, Source = source, AssigneeId = assignee };
    }

    private static async Task<bool> OwnsAsync<T>(IQueryable<T> items, System.Linq.Expressions.Expression<Func<T, bool>> sameWorkspace, Guid? id, CancellationToken cancellationToken)
        where T : class =>
        id is null || await items.AsNoTracking().AnyAsync(sameWorkspace, cancellationToken);
}
