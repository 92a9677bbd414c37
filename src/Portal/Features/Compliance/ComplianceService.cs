using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Compliance;

/// <summary>
/// The compliance tool of a workspace: the answers about the company, which regimes and items apply to it, the team's
/// work on each item, the AI Act class of its system, and the register risks its unmet items become.
/// </summary>
public sealed class ComplianceService(
    IDbContextFactory<PortalDbContext> contextFactory,
    WorkspaceAccessCheck accessCheck,
    IWorkspaceEvents events,
    TimeProvider clock,
    ComplianceCatalog catalog,
    RiskService risks,
    IStringLocalizer<ComplianceText> text)
{
    public const string Topic = "compliance";

    /// <summary>The refusal of a change to an item the checklists do not have.</summary>
    public const string NoItemKey = "Compliance.Error.NoItem";

    /// <summary>A compliance gap in the register: likely to be found out, and costly when it is (fines, a blocked launch).</summary>
    public const int RiskLikelihood = 3;
    public const int RiskImpact = 4;

    /// <summary>The checklists in <paramref name="language"/>, or in the default language when the guide has no such language.</summary>
    public ComplianceChecklists Checklists(string? language) => catalog.Get(GuideLanguages.Normalize(language) ?? GuideLanguages.Chinese);

    /// <summary>Everything the page shows, in <paramref name="language"/>; null for someone who may not read the workspace.</summary>
    public async Task<ComplianceOverview?> GetAsync(string? userId, Guid workspaceId, string? language, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await OverviewAsync(db, workspaceId, Checklists(language), cancellationToken);
    }

    /// <summary>Saves the answers (checked against the questions) unless someone saved others since <paramref name="expectedVersion"/> (<see cref="Guid.Empty"/> for the first save).</summary>
    public async Task<ComplianceProfileView> SaveAnswersAsync(
        string userId, Guid workspaceId, IReadOnlyDictionary<string, IReadOnlyList<string>> answers, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var questionnaire = Checklists(null).Questionnaire;
        var clean = ComplianceChecks.Answers(questionnaire, answers);
        var profile = await db.Set<ComplianceProfile>().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        if ((profile?.Version ?? Guid.Empty) != expectedVersion)
        {
            throw new ConcurrencyConflictException<ComplianceProfileView>(await ProfileViewAsync(db, profile, cancellationToken));
        }

        var now = clock.GetUtcNow();
        if (profile is null)
        {
            profile = new ComplianceProfile { WorkspaceId = workspaceId };
            db.Add(profile);
        }

        var user = await WorkspaceService.UserAsync(db, userId, cancellationToken);
        profile.AnswersJson = ComplianceChecks.Write(clean);
        profile.QuestionsVersion = questionnaire.Version;
        profile.UpdatedById = userId;
        profile.UpdatedAt = now;
        profile.Version = Guid.NewGuid();
        ActivityService.Record(db, workspaceId, user, "compliance.answers", text["Compliance.Activity.Answers"], Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone saved in between (a changed version, or a first record written at the same moment).
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Set<ComplianceProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
            throw new ConcurrencyConflictException<ComplianceProfileView>(await ProfileViewAsync(fresh, current, cancellationToken));
        }

        var view = ComplianceProfileView.Of(profile, user.NameForDisplay);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, null, userId, now) { Changes = view });
        return view;
    }

    /// <summary>Saves the team's work on one item unless someone changed it since <paramref name="expectedVersion"/> (<see cref="Guid.Empty"/> for an untouched item).</summary>
    public async Task<ComplianceItemStateView> UpdateItemAsync(
        string userId, Guid workspaceId, string itemId, ComplianceItemInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var (regime, item) = FindItem(itemId);
        var clean = ComplianceChecks.Item(
            input,
            string.IsNullOrEmpty(input.OwnerUserId) || await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == input.OwnerUserId, cancellationToken));
        var state = await db.Set<ComplianceItemState>().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.ItemId == item.Id, cancellationToken);
        if ((state?.Version ?? Guid.Empty) != expectedVersion)
        {
            throw new ConcurrencyConflictException<ComplianceItemStateView>(await StateViewAsync(db, state, regime.Id, item.Id, cancellationToken));
        }

        if (state is null)
        {
            state = new ComplianceItemState { WorkspaceId = workspaceId, ItemId = item.Id, RegimeId = regime.Id };
            db.Add(state);
        }

        var wasDone = state.Status == ComplianceItemStatus.Done;
        state.Status = clean.Status;
        state.Evidence = clean.Evidence;
        state.OwnerUserId = clean.OwnerUserId;
        state.ReviewDate = clean.ReviewDate;
        state.AppliesOverride = clean.AppliesOverride;
        var now = clock.GetUtcNow();
        Touch(state, now);
        var kind = clean.Status == ComplianceItemStatus.Done && !wasDone ? "compliance.item.done" : "compliance.item";
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), kind, Subject(item), Link(access, item.Id), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Set<ComplianceItemState>().AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.ItemId == item.Id, cancellationToken);
            throw new ConcurrencyConflictException<ComplianceItemStateView>(await StateViewAsync(fresh, current, regime.Id, item.Id, cancellationToken));
        }

        return await PublishAsync(db, state, userId, now, cancellationToken);
    }

    /// <summary>
    /// Puts an unmet item (it applies and is not done) in the risk register, through the register's own service, and
    /// links it. An item already linked to a risk that still exists returns that risk with <see cref="ComplianceRiskResult.Existed"/>.
    /// The title and description are in the reader's language.
    /// </summary>
    public async Task<ComplianceRiskResult> CreateRiskAsync(string userId, Guid workspaceId, string itemId, CancellationToken cancellationToken = default)
    {
        string slug;
        ComplianceItemView view;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
            slug = access.Slug;
            FindItem(itemId);
            var overview = await OverviewAsync(db, workspaceId, Checklists(CultureInfo.CurrentUICulture.Name), cancellationToken);
            view = overview.Item(itemId)!;
            if (view.State.RiskId is { } linked && await ExistingRiskAsync(userId, workspaceId, linked, cancellationToken) is { } existing)
            {
                return new ComplianceRiskResult(view.State, existing, Existed: true);
            }

            if (!view.IsUnmet)
            {
                throw new InputRejectedException("Item", "Compliance.Error.NotUnmet");
            }
        }

        var regime = Checklists(CultureInfo.CurrentUICulture.Name).Regime(view.RegimeId)!;
        var risk = await risks.CreateAsync(userId, workspaceId, new RiskInput(
            RiskCategory.LegalCompliance,
            RiskTitle(view.Item),
            Clip(text["Compliance.Risk.Description", view.Item.Requirement, view.Item.Reference, regime.Title, $"/w/{slug}/compliance#{view.Item.Id}"], Risk.TextMaxLength),
            RiskLikelihood,
            RiskImpact,
            view.State.OwnerUserId,
            Clip(text["Compliance.Risk.Mitigation", view.Item.Reference], Risk.TextMaxLength),
            view.State.ReviewDate,
            RiskStatus.Open,
            RiskLikelihood,
            RiskImpact), cancellationToken);

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var state = await db.Set<ComplianceItemState>().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.ItemId == itemId, cancellationToken);
            if (state?.RiskId is { } raced && await ExistingRiskAsync(userId, workspaceId, raced, cancellationToken) is { } theirs)
            {
                // A teammate made the item a risk at the same moment: theirs stays, ours goes.
                await risks.DeleteAsync(userId, workspaceId, risk.Id, cancellationToken);
                return new ComplianceRiskResult(await StateViewAsync(db, state, view.RegimeId, itemId, cancellationToken), theirs, Existed: true);
            }

            if (state is null)
            {
                state = new ComplianceItemState { WorkspaceId = workspaceId, ItemId = itemId, RegimeId = view.RegimeId };
                db.Add(state);
            }

            state.RiskId = risk.Id;
            var now = clock.GetUtcNow();
            Touch(state, now);
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "compliance.risk", Subject(view.Item), $"/w/{slug}/risks", now);
            await db.SaveChangesAsync(cancellationToken);
            return new ComplianceRiskResult(await PublishAsync(db, state, userId, now, cancellationToken), risk, Existed: false);
        }
    }

    /// <summary>Closes the register risk an item became (the offer made when the item is done), through the register's own service.</summary>
    public async Task<RiskView> CloseRiskAsync(string userId, Guid workspaceId, string itemId, CancellationToken cancellationToken = default)
    {
        Guid riskId;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
            FindItem(itemId);
            var state = await db.Set<ComplianceItemState>().AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.ItemId == itemId, cancellationToken);
            riskId = state?.RiskId ?? throw new InputRejectedException("Risk", "Compliance.Error.NoRisk");
        }

        var risk = await ExistingRiskAsync(userId, workspaceId, riskId, cancellationToken) ?? throw new InputRejectedException("Risk", "Compliance.Error.NoRisk");
        return risk.Status == RiskStatus.Closed
            ? risk
            : await risks.UpdateAsync(userId, workspaceId, risk.Id, risk.ToInput() with { Status = RiskStatus.Closed }, risk.Version, cancellationToken);
    }

    /// <summary>For each register risk made from an item, that item's id and words; null for someone who may not read the workspace.</summary>
    public async Task<IReadOnlyDictionary<Guid, ComplianceItem>?> RiskSourcesAsync(string? userId, Guid workspaceId, string? language, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var checklists = Checklists(language);
        var linked = await db.Set<ComplianceItemState>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId && s.RiskId != null)
            .Select(s => new { s.ItemId, s.RegimeId, s.RiskId }).ToListAsync(cancellationToken);
        var sources = new Dictionary<Guid, ComplianceItem>();
        foreach (var link in linked)
        {
            if (checklists.Regime(link.RegimeId)?.Item(link.ItemId) is { } item)
            {
                sources[link.RiskId!.Value] = item;
            }
        }

        return sources;
    }

    /// <summary>The title a risk made from <paramref name="item"/> gets, in the reader's language, within the register's limit.</summary>
    public string RiskTitle(ComplianceItem item) => Clip(text["Compliance.Risk.Title", item.Reference, item.Requirement], Risk.TitleMaxLength);

    private static async Task<ComplianceOverview> OverviewAsync(PortalDbContext db, Guid workspaceId, ComplianceChecklists checklists, CancellationToken cancellationToken)
    {
        var profileRow = await db.Set<ComplianceProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        var profile = await ProfileViewAsync(db, profileRow, cancellationToken);
        var rows = await db.Set<ComplianceItemState>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var ownerIds = rows.Select(s => s.OwnerUserId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.NameForDisplay, cancellationToken);
        var states = rows.ToDictionary(s => s.ItemId, s => ComplianceItemStateView.Of(s, s.OwnerUserId is null ? "" : names.GetValueOrDefault(s.OwnerUserId, "")), StringComparer.Ordinal);
        var riskIds = rows.Select(s => s.RiskId).OfType<Guid>().ToList();
        var linked = await db.Set<Risk>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId && riskIds.Contains(r.Id))
            .Select(r => new LinkedRisk(r.Id, r.Title, r.Status)).ToListAsync(cancellationToken);
        var assessment = ComplianceApplicability.Assess(checklists, profile.ToAnswers());
        return new ComplianceOverview(checklists, profile, assessment, ComplianceProgress.Regimes(assessment, states), linked.ToDictionary(r => r.Id));
    }

    private async Task<RiskView?> ExistingRiskAsync(string userId, Guid workspaceId, Guid riskId, CancellationToken cancellationToken) =>
        (await risks.ListAsync(userId, workspaceId, cancellationToken) ?? []).FirstOrDefault(r => r.Id == riskId);

    private (ComplianceRegime Regime, ComplianceItem Item) FindItem(string? itemId)
    {
        foreach (var regime in Checklists(null).Regimes)
        {
            if (regime.Item(itemId ?? "") is { } item)
            {
                return (regime, item);
            }
        }

        throw new InputRejectedException("Item", NoItemKey);
    }

    private static async Task<ComplianceProfileView> ProfileViewAsync(PortalDbContext db, ComplianceProfile? profile, CancellationToken cancellationToken)
    {
        if (profile is null)
        {
            return ComplianceProfileView.Empty;
        }

        var name = profile.UpdatedById is null ? "" : (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == profile.UpdatedById, cancellationToken))?.NameForDisplay ?? "";
        return ComplianceProfileView.Of(profile, name);
    }

    private static async Task<ComplianceItemStateView> StateViewAsync(PortalDbContext db, ComplianceItemState? state, string regimeId, string itemId, CancellationToken cancellationToken)
    {
        if (state is null)
        {
            return ComplianceItemStateView.Untouched(itemId, regimeId);
        }

        var owner = state.OwnerUserId is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == state.OwnerUserId, cancellationToken);
        return ComplianceItemStateView.Of(state, owner?.NameForDisplay ?? "");
    }

    private static void Touch(ComplianceItemState state, DateTimeOffset now)
    {
        state.Version = Guid.NewGuid();
        state.UpdatedAt = now;
    }

    /// <summary>The activity log's subject for an item: its reference, which reads the same in both languages.</summary>
    private static string Subject(ComplianceItem item) => item.Reference;

    private static string Clip(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");

    private static string Link(WorkspaceAccess access, string? itemId = null) => $"/w/{access.Slug}/compliance{(itemId is null ? "" : "#" + itemId)}";

    /// <summary>Tells every open compliance page the item's new state and version; returns it.</summary>
    private async Task<ComplianceItemStateView> PublishAsync(PortalDbContext db, ComplianceItemState state, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var view = await StateViewAsync(db, state, state.RegimeId, state.ItemId, cancellationToken);
        await events.PublishAsync(new WorkspaceChange(state.WorkspaceId, Topic, state.ItemId, userId, at) { Changes = view });
        return view;
    }
}
