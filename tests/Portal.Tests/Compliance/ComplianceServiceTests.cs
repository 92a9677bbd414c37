using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Compliance;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Compliance;

public sealed class ComplianceServiceTests(WorkspaceWorld world) : ComplianceServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ComplianceServiceTestsOnPostgres(PostgresWorkspaceWorld world) : ComplianceServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class ComplianceServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    /// <summary>A company with users in the EU that handles personal data: the GDPR applies.</summary>
    public static readonly Dictionary<string, IReadOnlyList<string>> EuPersonalData = new()
    {
        ["users_in"] = ["eu"],
        ["personal_data"] = ["yes"],
    };

    private ComplianceService Compliance => world.Services.GetRequiredService<ComplianceService>();

    private RiskService Risks => world.Services.GetRequiredService<RiskService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var answered = await Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty);
        var toClose = await Compliance.CreateRiskAsync(Owner, workspace.Id, "gdpr-records");

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Compliance.SaveAnswersAsync(user, workspace.Id, new Dictionary<string, IReadOnlyList<string>>(EuPersonalData) { ["trains_on_user_data"] = ["yes"] }, answered.Version)),
            await AccessOutcome.OfAsync(() => Compliance.UpdateItemAsync(user, workspace.Id, "gdpr-lawful-basis", Input(ComplianceItemStatus.InProgress, "Basis per purpose drafted"), Guid.Empty)),
            await AccessOutcome.OfAsync(() => Compliance.CreateRiskAsync(user, workspace.Id, "gdpr-transparency")),
            await AccessOutcome.OfAsync(() => Compliance.CloseRiskAsync(user, workspace.Id, "gdpr-records")),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!;
        Assert.Equal(allowed, stored.Profile.Answers.ContainsKey("trains_on_user_data"));
        Assert.Equal(allowed ? ComplianceItemStatus.InProgress : ComplianceItemStatus.NotStarted, stored.Item("gdpr-lawful-basis")!.State.Status);
        Assert.Equal(allowed, stored.Item("gdpr-transparency")!.State.RiskId is not null);
        Assert.Equal(allowed ? RiskStatus.Closed : RiskStatus.Open, stored.Risks[toClose.Risk.Id].Status);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Compliance.GetAsync(world.Id(persona), workspace.Id, "en") is { Profile.IsAnswered: true });
        Assert.Equal(reads, await Compliance.RiskSourcesAsync(world.Id(persona), workspace.Id, "en") is { Count: > 0 });
    }

    [Fact]
    public async Task Answers_are_checked_against_the_questions_and_a_refused_save_stores_nothing()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bad = new Dictionary<string, IReadOnlyList<string>>
        {
            ["users_in"] = ["eu", "mars"],
            ["personal_data"] = ["yes", "no"],
            ["favourite_colour"] = ["blue"],
            ["ai_role"] = ["provider"],
        };

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Compliance.SaveAnswersAsync(Owner, workspace.Id, bad, Guid.Empty));

        Assert.Equal(
            [("Answers.users_in", "Compliance.Error.UnknownAnswer"), ("Answers.personal_data", "Compliance.Error.OneAnswer"), ("Answers.favourite_colour", "Compliance.Error.UnknownQuestion")],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.False((await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Profile.IsAnswered);

        // A multiple-choice question takes several answers, stored once each in the questionnaire's order.
        var saved = await Compliance.SaveAnswersAsync(Owner, workspace.Id, new Dictionary<string, IReadOnlyList<string>> { ["users_in"] = ["china", "eu", "eu"], ["personal_data"] = [] }, Guid.Empty);
        Assert.Equal(["eu", "china"], saved.Answers["users_in"]);
        Assert.False(saved.Answers.ContainsKey("personal_data"));
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_the_current_answers_or_item_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var editor = world.Id(Persona.Editor)!;
        var first = await Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty);
        var bos = await Compliance.SaveAnswersAsync(editor, workspace.Id, new Dictionary<string, IReadOnlyList<string>> { ["users_in"] = ["china"], ["personal_data"] = ["yes"] }, first.Version);

        var answers = await Assert.ThrowsAsync<ConcurrencyConflictException<ComplianceProfileView>>(() =>
            Compliance.SaveAnswersAsync(Owner, workspace.Id, new Dictionary<string, IReadOnlyList<string>> { ["users_in"] = ["california"] }, first.Version));
        var firstAgain = await Assert.ThrowsAsync<ConcurrencyConflictException<ComplianceProfileView>>(() =>
            Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty));

        Assert.All([answers.Current, firstAgain.Current], current => Assert.Equal((bos.Version, "china"), (current.Version, current.Answers["users_in"].Single())));

        var itemBo = await Compliance.UpdateItemAsync(editor, workspace.Id, "pipl-notice-consent", Input(ComplianceItemStatus.InProgress, "Bo's note"), Guid.Empty);
        var item = await Assert.ThrowsAsync<ConcurrencyConflictException<ComplianceItemStateView>>(() =>
            Compliance.UpdateItemAsync(Owner, workspace.Id, "pipl-notice-consent", Input(ComplianceItemStatus.Done, "Ada's note"), Guid.Empty));

        Assert.Equal(("Bo's note", itemBo.Version), (item.Current.Evidence, item.Current.Version));
        var stored = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!;
        Assert.Equal(["china"], stored.Profile.Answers["users_in"]);
        Assert.Equal(("Bo's note", ComplianceItemStatus.InProgress), (stored.Item("pipl-notice-consent")!.State.Evidence, stored.Item("pipl-notice-consent")!.State.Status));
    }

    [Fact]
    public async Task The_gdpr_applies_to_eu_users_with_personal_data_and_not_without_personal_data()
    {
        var withData = await world.NewWorkspaceAsync();
        var withoutData = await world.NewWorkspaceAsync();
        await Compliance.SaveAnswersAsync(Owner, withData.Id, new Dictionary<string, IReadOnlyList<string>>(EuPersonalData) { ["trains_on_user_data"] = ["no"] }, Guid.Empty);
        await Compliance.SaveAnswersAsync(Owner, withoutData.Id, new Dictionary<string, IReadOnlyList<string>> { ["users_in"] = ["eu"], ["personal_data"] = ["no"], ["sensitive_data"] = ["yes"] }, Guid.Empty);

        var applies = (await Compliance.GetAsync(Owner, withData.Id, "en"))!;
        var not = (await Compliance.GetAsync(Owner, withoutData.Id, "zh-CN"))!;

        var gdpr = applies.Regimes.Single(r => r.Regime.Id == "gdpr");
        Assert.True(gdpr.Applies);
        Assert.True(applies.Item("gdpr-lawful-basis")!.Applies);
        Assert.False(applies.Item("gdpr-training-purpose")!.Applies);
        Assert.Equal(["gdpr"], applies.Regimes.Where(r => r.Applies).Select(r => r.Regime.Id));
        Assert.Equal(gdpr.Items.Count(i => i.AppliesByRules), gdpr.Applicable);
        Assert.Equal(0, gdpr.Percent);

        Assert.False(not.Regimes.Single(r => r.Regime.Id == "gdpr").Applies);
        Assert.Equal(0, not.Applicable);
        // The answer to a question that is not asked (sensitive data without personal data) counts for nothing.
        Assert.False(not.Assessment.Answers.IsAnswered("sensitive_data"));
        Assert.Equal("欧盟《通用数据保护条例》（GDPR）", not.Regimes.Single(r => r.Regime.Id == "gdpr").Regime.Title);
    }

    [Fact]
    public async Task Progress_is_done_of_applicable_items_with_the_team_s_override_counted()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty);
        var before = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Regimes.Single(r => r.Regime.Id == "gdpr");

        await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-lawful-basis", Input(ComplianceItemStatus.Done, "https://example.com/records"), Guid.Empty);
        await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-transparency", Input(ComplianceItemStatus.Done, "Privacy notice v2") with { AppliesOverride = false }, Guid.Empty);
        await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-training-purpose", Input(ComplianceItemStatus.NotStarted, "") with { AppliesOverride = true }, Guid.Empty);
        await Compliance.UpdateItemAsync(Owner, workspace.Id, "ccpa-notice-and-policy", Input(ComplianceItemStatus.Done, "") with { AppliesOverride = true }, Guid.Empty);
        var after = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!;
        var gdpr = after.Regimes.Single(r => r.Regime.Id == "gdpr");

        // One item out (transparency), one in (training): as many applicable as before, one of them done.
        Assert.Equal((before.Applicable, 1), (gdpr.Applicable, gdpr.Done));
        Assert.Equal(ComplianceProgress.Percent(1, before.Applicable), gdpr.Percent);
        Assert.Equal("https://example.com/records", after.Item("gdpr-lawful-basis")!.State.EvidenceLink?.ToString());
        // A regime that does not apply by the answers shows when the team makes one of its items apply.
        var ccpa = after.Regimes.Single(r => r.Regime.Id == "ccpa");
        Assert.Equal((false, true, 1, 1, 100), (ccpa.Applies, ccpa.IsShown, ccpa.Applicable, ccpa.Done, ccpa.Percent));
        Assert.Equal(gdpr.Applicable + 1, after.Applicable);

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<ComplianceProgressColumn>().Single();
        var empty = await world.NewWorkspaceAsync();
        var cells = await column.GetAsync([workspace.Id, empty.Id], CancellationToken.None);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{after.Percent} % (2 / {after.Applicable})"), cells[workspace.Id].Text);
        Assert.False(cells.ContainsKey(empty.Id));
    }

    [Fact]
    public async Task An_item_s_values_are_checked_evidence_links_must_be_http_and_the_owner_a_member()
    {
        var workspace = await world.NewWorkspaceAsync();

        var link = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-dpia", Input(ComplianceItemStatus.Done, "javascript:alert(1)"), Guid.Empty));
        var owner = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-dpia", Input(ComplianceItemStatus.Done, "") with { OwnerUserId = world.Id(Persona.Stranger) }, Guid.Empty));
        var tooLong = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-dpia", Input(ComplianceItemStatus.Done, new string('x', ComplianceItemState.EvidenceMaxLength + 1)), Guid.Empty));
        var unknown = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-no-such-item", Input(ComplianceItemStatus.Done, ""), Guid.Empty));
        var status = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-dpia", Input((ComplianceItemStatus)7, ""), Guid.Empty));

        Assert.Equal(
            ["Evidence:Compliance.Error.EvidenceLink", "OwnerUserId:Compliance.Error.OwnerNotMember", "Evidence:Validation.TooLong", "Item:Compliance.Error.NoItem", "Status:Validation.RequiredField"],
            new[] { link, owner, tooLong, unknown, status }.Select(e => $"{e.Errors[0].Field}:{e.Errors[0].MessageKey}"));
        Assert.Equal(Guid.Empty, (await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Item("gdpr-dpia")!.State.Version);

        var saved = await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-dpia", new ComplianceItemInput(ComplianceItemStatus.InProgress, "  DPIA started, see the wiki  ", world.Id(Persona.Viewer), new DateOnly(2027, 1, 15), null), Guid.Empty);
        Assert.Equal(("DPIA started, see the wiki", world.Id(Persona.Viewer), "Viewer", new DateOnly(2027, 1, 15)), (saved.Evidence, saved.OwnerUserId, saved.OwnerName[..6], saved.ReviewDate));
        Assert.Null(saved.EvidenceLink);
        Assert.True(saved.IsReviewOverdue(new DateOnly(2027, 1, 16)));
    }

    [Theory]
    [InlineData("employment", "no", "no", AiRiskClass.High, "AI Act Annex III(4)")]
    [InlineData("employment", "yes", "no", AiRiskClass.Minimal, null)]
    [InlineData("employment", "yes", "yes", AiRiskClass.High, "AI Act Annex III(4)")]
    [InlineData("none", null, null, AiRiskClass.Limited, "AI Act Art. 50(1)")]
    public async Task The_ai_act_class_comes_from_the_answers_with_the_answers_and_references_that_led_to_it(string area, string? narrow, string? profiling, AiRiskClass expected, string? reference)
    {
        var workspace = await world.NewWorkspaceAsync();
        var answers = new Dictionary<string, IReadOnlyList<string>>
        {
            ["users_in"] = ["eu"],
            ["ai_system"] = ["yes"],
            ["ai_role"] = ["provider"],
            ["ai_prohibited_uses"] = ["none"],
            ["ai_high_risk_areas"] = [area],
            ["ai_transparency"] = [area == "none" ? "chatbot" : "none"],
        };
        if (narrow is not null)
        {
            answers["ai_narrow_task"] = [narrow];
            answers["ai_profiling"] = [profiling!];
        }

        await Compliance.SaveAnswersAsync(Owner, workspace.Id, answers, Guid.Empty);
        var overview = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!;
        var aiAct = overview.Assessment.AiAct;

        Assert.Equal(expected, aiAct.RiskClass);
        Assert.Equal(reference, (aiAct.Reasons.Count > 0 ? aiAct.Reasons[0].Reference : null));
        Assert.Equal(narrow == "yes" && profiling == "no", aiAct.SetAside.Any(r => r.OptionCode == "employment"));
        var applying = overview.Regimes.Single(r => r.Regime.Id == "eu-ai-act").Items.Where(i => i.Applies).Select(i => i.Item.RiskClass).Distinct().ToHashSet();
        Assert.Equal(expected == AiRiskClass.High, applying.Contains(AiRiskClass.High));
        Assert.Equal(expected == AiRiskClass.Limited, applying.Contains(AiRiskClass.Limited));
        Assert.DoesNotContain(AiRiskClass.Prohibited, applying);
    }

    [Fact]
    public async Task Social_scoring_is_prohibited_and_then_only_the_prohibited_duties_apply()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Compliance.SaveAnswersAsync(Owner, workspace.Id, new Dictionary<string, IReadOnlyList<string>>
        {
            ["users_in"] = ["eu"], ["ai_system"] = ["yes"], ["ai_role"] = ["deployer"], ["ai_prohibited_uses"] = ["social_scoring"], ["ai_transparency"] = ["chatbot"],
        }, Guid.Empty);

        var overview = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!;

        Assert.Equal(AiRiskClass.Prohibited, overview.Assessment.AiAct.RiskClass);
        Assert.Equal("AI Act Art. 5(1)(c)", overview.Assessment.AiAct.Reasons[0].Reference);
        Assert.All(overview.Regimes.Single(r => r.Regime.Id == "eu-ai-act").Items.Where(i => i.Applies), i => Assert.Equal(AiRiskClass.Prohibited, i.Item.RiskClass));
    }

    [Fact]
    public async Task An_unmet_item_becomes_a_legal_risk_linked_both_ways_and_closing_it_goes_through_the_register()
    {
        using var culture = new CultureScope("en");
        var workspace = await world.NewWorkspaceAsync();
        await Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty);

        var made = await Compliance.CreateRiskAsync(Owner, workspace.Id, "gdpr-lawful-basis");
        var again = await Compliance.CreateRiskAsync(world.Id(Persona.Editor)!, workspace.Id, "gdpr-lawful-basis");

        Assert.False(made.Existed);
        Assert.Equal((true, made.Risk.Id), (again.Existed, again.Risk.Id));
        Assert.Equal(RiskCategory.LegalCompliance, made.Risk.Category);
        Assert.StartsWith("Unmet: GDPR Art. 6 — Pick a lawful basis", made.Risk.Title, StringComparison.Ordinal);
        Assert.True(made.Risk.Title.Length <= Risk.TitleMaxLength);
        Assert.Contains("GDPR Art. 6", made.Risk.Description, StringComparison.Ordinal);
        Assert.Contains($"/w/{workspace.Slug}/compliance#gdpr-lawful-basis", made.Risk.Description, StringComparison.Ordinal);
        Assert.Equal((ComplianceService.RiskLikelihood, ComplianceService.RiskImpact, RiskStatus.Open), (made.Risk.Likelihood, made.Risk.Impact, made.Risk.Status));
        Assert.Single((await Risks.ListAsync(Owner, workspace.Id))!);
        Assert.Equal(made.Risk.Id, made.State.RiskId);
        var sources = (await Compliance.RiskSourcesAsync(Owner, workspace.Id, "en"))!;
        Assert.Equal("gdpr-lawful-basis", sources[made.Risk.Id].Id);

        // Done, the item offers to close its risk; closing goes through the register, which then shows it closed.
        var done = await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-lawful-basis", Input(ComplianceItemStatus.Done, "Records of processing v1") with { }, made.State.Version);
        Assert.Equal(made.Risk.Id, done.RiskId);
        var closed = await Compliance.CloseRiskAsync(Owner, workspace.Id, "gdpr-lawful-basis");
        Assert.Equal(RiskStatus.Closed, closed.Status);
        Assert.Equal(RiskStatus.Closed, (await Risks.ListAsync(Owner, workspace.Id))!.Single().Status);
        Assert.Equal(RiskStatus.Closed, (await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Risks[made.Risk.Id].Status);

        // A done item, or one that does not apply, is no gap; an item without a risk has nothing to close.
        var refusals = new[]
        {
            await Assert.ThrowsAsync<InputRejectedException>(() => Compliance.CreateRiskAsync(Owner, workspace.Id, "gdpr-training-purpose")),
            await Assert.ThrowsAsync<InputRejectedException>(() => Compliance.CloseRiskAsync(Owner, workspace.Id, "gdpr-dpia")),
        };
        Assert.Equal(["Compliance.Error.NotUnmet", "Compliance.Error.NoRisk"], refusals.Select(r => r.Errors[0].MessageKey));

        // Deleting the risk in the register unlinks the item, which can then become a risk again.
        var other = await Compliance.CreateRiskAsync(Owner, workspace.Id, "gdpr-transparency");
        await Risks.DeleteAsync(Owner, workspace.Id, other.Risk.Id);
        Assert.Null((await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Item("gdpr-transparency")!.State.RiskId);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_on_the_compliance_topic()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var profile = await Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty);
        var item = await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-security", Input(ComplianceItemStatus.InProgress, ""), Guid.Empty);
        var done = await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-security", Input(ComplianceItemStatus.Done, ""), item.Version);
        var risk = await Compliance.CreateRiskAsync(Owner, workspace.Id, "gdpr-records");

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == ComplianceService.Topic) == 4);
        var carried = changes.Where(c => c.Topic == ComplianceService.Topic).Select(c => c.Changes).ToList();
        Assert.Equal(profile, carried[0]);
        Assert.Equal([item, done, risk.State], carried.Skip(1).Cast<ComplianceItemStateView>());
        Assert.Contains(changes, c => c.Topic == RiskService.Topic);

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            ["compliance.risk", "compliance.item.done", "compliance.item", "compliance.answers"],
            activity.Where(a => a.Kind.StartsWith("compliance.", StringComparison.Ordinal)).Select(a => a.Kind));
        Assert.All(activity.Where(a => a.Kind.StartsWith("compliance.item", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/compliance#gdpr-security", a.Link));
    }

    [Fact]
    public async Task The_plan_section_summarises_answers_class_progress_and_open_items_in_markdown()
    {
        using var culture = new CultureScope("en");
        var workspace = await world.NewWorkspaceAsync();
        var section = world.Services.GetServices<Portal.Features.Plan.IPlanSection>().OfType<CompliancePlanSection>().Single();
        var empty = await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None);
        await Compliance.SaveAnswersAsync(Owner, workspace.Id, EuPersonalData, Guid.Empty);
        await Compliance.UpdateItemAsync(Owner, workspace.Id, "gdpr-lawful-basis", Input(ComplianceItemStatus.Done, ""), Guid.Empty);

        var markdown = await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None);
        var stranger = await section.ToMarkdownAsync(world.Id(Persona.Stranger)!, workspace.Id, CancellationToken.None);

        Assert.Contains("The compliance questions are not answered yet.", empty, StringComparison.Ordinal);
        Assert.Contains("- Do you collect or otherwise process personal data", markdown, StringComparison.Ordinal);
        Assert.Contains("EU AI Act risk class: Minimal risk", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| EU General Data Protection Regulation \(GDPR\) \| 1 / \d+ \(\d+ %\) \|", markdown);
        Assert.Contains("GDPR Art. 12-14 — ", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("GDPR Art. 6 — ", markdown, StringComparison.Ordinal);
        Assert.Equal("", stranger);
    }

    private static ComplianceItemInput Input(ComplianceItemStatus status, string evidence) => new(status, evidence, null, null, null);

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo before = CultureInfo.CurrentUICulture;

        public CultureScope(string culture) => CultureInfo.CurrentUICulture = new(culture);

        public void Dispose() => CultureInfo.CurrentUICulture = before;
    }
}
