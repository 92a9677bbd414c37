using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Content;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Guide;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

namespace Portal.Features.Onboarding;

/// <summary>The steps of a first plan, in the guide's order.</summary>
public enum GettingStartedStep
{
    ReadFirstPart,
    FillCanvas,
    DefineKpi,
    RegisterRisks,
    TrainBaseline,
    ExportPlan,
}

/// <summary>One step: how far the team has got (<paramref name="Count"/> of <paramref name="Goal"/>) and where to do it.</summary>
public sealed record GettingStartedItem(GettingStartedStep Step, int Count, int Goal, string Href)
{
    public bool Done => Count >= Goal;
}

/// <summary>
/// The checklist on a workspace home, each step judged from the team's real data: chapters the reader finished,
/// canvas blocks with a note, KPIs, risks, completed training runs, plan exports.
/// </summary>
public sealed class GettingStartedService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceService workspaces, ContentLibrary library)
{
    /// <summary>Identity's per-user claims hold the choice to hide the checklist: a user setting with no schema change.</summary>
    public const string HiddenClaimType = "portal:getting-started-hidden";

    public const int CanvasBlocks = 9;
    public const int RisksGoal = 3;

    /// <summary>The steps for a member of the workspace; null for anyone else (instructors follow teams on their dashboard).</summary>
    public async Task<IReadOnlyList<GettingStartedItem>?> GetAsync(string userId, Guid workspaceId, string language, CancellationToken cancellationToken = default)
    {
        if (await workspaces.GetAccessAsync(userId, workspaceId, cancellationToken) is not { IsMember: true } access)
        {
            return null;
        }

        var parts = library.GetTree(GuideLanguages.Normalize(language) ?? GuideLanguages.Chinese).Parts;
        var firstPart = parts.Count > 0 ? parts[0].Chapters : [];
        var slugs = firstPart.Select(c => c.Slug).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var read = await db.ReadingProgress.AsNoTracking()
            .Where(p => p.UserId == userId && p.CompletedAt != null && slugs.Contains(p.Slug))
            .Select(p => p.Slug)
            .ToListAsync(cancellationToken);
        var blocks = await db.Set<CanvasNote>().AsNoTracking()
            .Where(n => n.WorkspaceId == workspaceId && n.DeletedAt == null)
            .Select(n => n.Block)
            .Distinct()
            .CountAsync(cancellationToken);
        var kpis = await db.Set<Kpi>().CountAsync(k => k.WorkspaceId == workspaceId, cancellationToken);
        var risks = await db.Set<Risk>().CountAsync(r => r.WorkspaceId == workspaceId, cancellationToken);
        var trained = await db.Set<TrainingRun>().AnyAsync(r => r.WorkspaceId == workspaceId && r.Status == RunStatus.Completed, cancellationToken);
        var exported = await db.Set<ActivityEntry>().AnyAsync(a => a.WorkspaceId == workspaceId && a.Kind == Portal.Features.Plan.PlanExports.ActivityKind, cancellationToken);

        var nextChapter = firstPart.FirstOrDefault(c => !read.Contains(c.Slug)) ?? (firstPart.Count > 0 ? firstPart[0] : null);
        var home = $"w/{access.Slug}";
        return
        [
            new(GettingStartedStep.ReadFirstPart, read.Count, Math.Max(1, slugs.Count), nextChapter is null ? "guide" : $"guide/{nextChapter.Slug}"),
            new(GettingStartedStep.FillCanvas, blocks, CanvasBlocks, $"{home}/canvas"),
            new(GettingStartedStep.DefineKpi, Math.Min(kpis, 1), 1, $"{home}/kpis"),
            new(GettingStartedStep.RegisterRisks, Math.Min(risks, RisksGoal), RisksGoal, $"{home}/risks"),
            new(GettingStartedStep.TrainBaseline, trained ? 1 : 0, 1, $"{home}/lab"),
            new(GettingStartedStep.ExportPlan, exported ? 1 : 0, 1, $"{home}/plan"),
        ];
    }

    public async Task<bool> IsHiddenAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserClaims.AnyAsync(c => c.UserId == userId && c.ClaimType == HiddenClaimType, cancellationToken);
    }

    public async Task SetHiddenAsync(string userId, bool hidden, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == HiddenClaimType).ToListAsync(cancellationToken);
        if (hidden && existing.Count == 0)
        {
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = HiddenClaimType, ClaimValue = "true" });
        }
        else if (!hidden)
        {
            db.UserClaims.RemoveRange(existing);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
