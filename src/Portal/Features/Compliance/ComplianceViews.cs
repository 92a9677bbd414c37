using System.Text.Json;
using Portal.Content;
using Portal.Features.Risks;

namespace Portal.Features.Compliance;

/// <summary>What a team sets on one checklist item.</summary>
/// <param name="AppliesOverride">Null: as the answers decide; true or false: the team's own judgement.</param>
public sealed record ComplianceItemInput(ComplianceItemStatus Status, string Evidence, string? OwnerUserId, DateOnly? ReviewDate, bool? AppliesOverride);

/// <summary>The team's work on one item; <see cref="Version"/> is <see cref="Guid.Empty"/> while nothing was saved for it.</summary>
public sealed record ComplianceItemStateView(
    string ItemId,
    string RegimeId,
    bool? AppliesOverride,
    ComplianceItemStatus Status,
    string Evidence,
    string? OwnerUserId,
    string OwnerName,
    DateOnly? ReviewDate,
    Guid? RiskId,
    Guid Version)
{
    public static ComplianceItemStateView Untouched(string itemId, string regimeId) =>
        new(itemId, regimeId, null, ComplianceItemStatus.NotStarted, "", null, "", null, null, Guid.Empty);

    public static ComplianceItemStateView Of(ComplianceItemState state, string ownerName) =>
        new(state.ItemId, state.RegimeId, state.AppliesOverride, state.Status, state.Evidence, state.OwnerUserId, ownerName, state.ReviewDate, state.RiskId, state.Version);

    public ComplianceItemInput ToInput() => new(Status, Evidence, OwnerUserId, ReviewDate, AppliesOverride);

    /// <summary>The evidence as a link when it is one (an absolute http or https address and nothing else).</summary>
    public Uri? EvidenceLink => ComplianceChecks.AsLink(Evidence);

    public bool IsReviewOverdue(DateOnly today) => ReviewDate is { } review && review < today;
}

/// <summary>A workspace's answers; <see cref="Version"/> is <see cref="Guid.Empty"/> before the first save.</summary>
public sealed record ComplianceProfileView(IReadOnlyDictionary<string, IReadOnlyList<string>> Answers, Guid Version, DateTimeOffset? UpdatedAt, string UpdatedByName)
{
    public static ComplianceProfileView Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), Guid.Empty, null, "");

    public ComplianceAnswers ToAnswers() => ComplianceChecks.ToAnswers(Answers);

    public bool IsAnswered => Answers.Count > 0;

    internal static ComplianceProfileView Of(ComplianceProfile profile, string updatedByName) =>
        new(ComplianceChecks.ReadAnswers(profile.AnswersJson), profile.Version, profile.UpdatedAt, updatedByName);
}

/// <summary>One item with whether it applies (the rules' verdict and the team's override) and the team's work on it.</summary>
public sealed record ComplianceItemView(ComplianceItem Item, string RegimeId, bool AppliesByRules, ComplianceItemStateView State)
{
    public bool Applies => State.AppliesOverride ?? AppliesByRules;

    public bool IsDone => State.Status == ComplianceItemStatus.Done;

    /// <summary>Applies and is not done: a gap the team can put in the risk register.</summary>
    public bool IsUnmet => Applies && !IsDone;
}

/// <summary>One regime with its items and its progress (done ÷ applicable items).</summary>
public sealed record ComplianceRegimeView(ComplianceRegime Regime, bool Applies, IReadOnlyList<ComplianceItemView> Items)
{
    public int Applicable => Items.Count(i => i.Applies);

    public int Done => Items.Count(i => i.Applies && i.IsDone);

    /// <summary>Done ÷ applicable, as a whole percentage; 0 with nothing applicable.</summary>
    public int Percent => ComplianceProgress.Percent(Done, Applicable);

    /// <summary>Shown as a checklist: the regime applies, or the team made one of its items apply.</summary>
    public bool IsShown => Applies || Applicable > 0;
}

/// <summary>A register risk an item became, as the checklist shows it.</summary>
public sealed record LinkedRisk(Guid Id, string Title, RiskStatus Status);

/// <summary>Everything the compliance page shows, in one language.</summary>
public sealed record ComplianceOverview(
    ComplianceChecklists Checklists,
    ComplianceProfileView Profile,
    ComplianceAssessment Assessment,
    IReadOnlyList<ComplianceRegimeView> Regimes,
    IReadOnlyDictionary<Guid, LinkedRisk> Risks)
{
    public int Applicable => Regimes.Sum(r => r.Applicable);

    public int Done => Regimes.Sum(r => r.Done);

    public int Percent => ComplianceProgress.Percent(Done, Applicable);

    public ComplianceItemView? Item(string itemId) => Regimes.SelectMany(r => r.Items).FirstOrDefault(i => i.Item.Id == itemId);
}

/// <summary>A register risk made from an item, and whether it was there already.</summary>
public sealed record ComplianceRiskResult(ComplianceItemStateView State, RiskView Risk, bool Existed);

/// <summary>The arithmetic of progress, pure.</summary>
public static class ComplianceProgress
{
    public static int Percent(int done, int applicable) => applicable == 0 ? 0 : (int)Math.Round(100.0 * done / applicable, MidpointRounding.AwayFromZero);

    /// <summary>The regimes of an assessment with the team's states and overrides laid on them.</summary>
    public static IReadOnlyList<ComplianceRegimeView> Regimes(ComplianceAssessment assessment, IReadOnlyDictionary<string, ComplianceItemStateView> states) =>
        [.. assessment.Regimes.Select(regime => new ComplianceRegimeView(
            regime.Regime,
            regime.Applies,
            [.. regime.Items.Select(item => new ComplianceItemView(
                item.Item,
                regime.Regime.Id,
                item.Applies,
                states.GetValueOrDefault(item.Item.Id) ?? ComplianceItemStateView.Untouched(item.Item.Id, regime.Regime.Id)))]))];
}

internal static class ComplianceJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = false };
}
