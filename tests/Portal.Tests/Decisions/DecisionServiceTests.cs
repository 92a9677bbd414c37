using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Decisions;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Decisions;

public sealed class DecisionServiceTests(WorkspaceWorld world) : DecisionServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class DecisionServiceTestsOnPostgres(PostgresWorkspaceWorld world) : DecisionServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class DecisionServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private DecisionService Decisions => world.Services.GetRequiredService<DecisionService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var toUpdate = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("To update"));
        var toRecord = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("To record"));
        var toSupersede = await AcceptedAsync(workspace.Id, "To supersede");
        var successor = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("Successor"));
        var toDelete = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("To delete"));

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Decisions.CreateAsync(user, workspace.Id, DecisionSamples.Matrix("New"))),
            await AccessOutcome.OfAsync(() => Decisions.UpdateAsync(user, workspace.Id, toUpdate.Id, toUpdate.ToInput() with { Question = "Updated" }, toUpdate.Version)),
            await AccessOutcome.OfAsync(() => Decisions.RecordAsync(user, workspace.Id, toRecord.Id, DecisionSamples.Accept(toRecord), toRecord.Version)),
            await AccessOutcome.OfAsync(() => Decisions.SupersedeAsync(user, workspace.Id, toSupersede.Id, successor.Id, toSupersede.Version)),
            await AccessOutcome.OfAsync(() => Decisions.DeleteAsync(user, workspace.Id, toDelete.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Decisions.ListAsync(Owner, workspace.Id))!.Select(d => (d.Question, d.Status)).Order().ToList();
        Assert.Equal(
            allowed
                ? [("New", DecisionStatus.Proposed), ("Successor", DecisionStatus.Proposed), ("To record", DecisionStatus.Accepted), ("To supersede", DecisionStatus.Superseded), ("Updated", DecisionStatus.Proposed)]
                : [("Successor", DecisionStatus.Proposed), ("To delete", DecisionStatus.Proposed), ("To record", DecisionStatus.Proposed), ("To supersede", DecisionStatus.Accepted), ("To update", DecisionStatus.Proposed)],
            stored);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Decisions.ListAsync(world.Id(persona), workspace.Id) is { Count: 5 });
        Assert.Equal(reads, (await Decisions.GetAsync(world.Id(persona), workspace.Id, successor.Id))?.Question == "Successor");
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_the_current_decision_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var read = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix());
        var bos = await Decisions.UpdateAsync(world.Id(Persona.Editor)!, workspace.Id, read.Id, read.ToInput() with { Question = "Which model, by Bo" }, read.Version);

        var update = await Assert.ThrowsAsync<ConcurrencyConflictException<DecisionView>>(() =>
            Decisions.UpdateAsync(Owner, workspace.Id, read.Id, read.ToInput() with { Question = "Which model, by Ada" }, read.Version));
        var record = await Assert.ThrowsAsync<ConcurrencyConflictException<DecisionView>>(() =>
            Decisions.RecordAsync(Owner, workspace.Id, read.Id, DecisionSamples.Accept(read), read.Version));

        Assert.All([update.Current, record.Current], current => Assert.Equal(("Which model, by Bo", bos.Version), (current.Question, current.Version)));
        Assert.Equal(DecisionSamples.Matrix().Scores.Select(s => s.Value), update.Current.Scores.Select(s => s.Value));
        var stored = (await Decisions.GetAsync(Owner, workspace.Id, read.Id))!;
        Assert.Equal(("Which model, by Bo", DecisionStatus.Proposed, bos.Version), (stored.Question, stored.Status, stored.Version));
    }

    [Fact]
    public async Task One_save_renames_reweights_and_rescores_keeping_the_rows_it_names_and_each_change_gives_a_new_version()
    {
        var workspace = await world.NewWorkspaceAsync();
        var created = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix());
        var (own, api) = (created.Options[0], created.Options[1]);
        var (performance, cost) = (created.Criteria[0], created.Criteria[1]);
        var tenant = new OptionInput(Guid.NewGuid(), "Open model, self-hosted");
        var input = new DecisionInput(
            "Which model to build on?",
            [new OptionInput(own.Id, "Own CNN (v2)", own.Note), tenant],
            [new CriterionInput(cost.Id, cost.Code, "", 70), new CriterionInput(performance.Id, performance.Code, "", 30)],
            [new ScoreInput(own.Id, cost.Id, 3, "cheaper after pruning"), new ScoreInput(tenant.Id, performance.Id, 4)]);

        var updated = await Decisions.UpdateAsync(Owner, workspace.Id, created.Id, input, created.Version);
        var recorded = await Decisions.RecordAsync(Owner, workspace.Id, created.Id, DecisionSamples.Accept(updated), updated.Version);

        Assert.Equal([own.Id, updated.Options[1].Id], updated.Options.Select(o => o.Id));
        Assert.DoesNotContain(updated.Options[1].Id, new[] { tenant.Id, api.Id });
        Assert.Equal([("Own CNN (v2)", "Trained in the lab"), ("Open model, self-hosted", "")], updated.Options.Select(o => (o.Name, o.Note)));
        Assert.Equal([(cost.Id, 70), (performance.Id, 30)], updated.Criteria.Select(c => (c.Id, c.Weight)));
        Assert.Equal([(own.Id, cost.Id, 3, "cheaper after pruning"), (updated.Options[1].Id, performance.Id, 4, "")], updated.Scores.Select(s => (s.OptionId, s.CriterionId, s.Value, s.Note)));
        Assert.Equal(3, new[] { created.Version, updated.Version, recorded.Version }.Distinct().Count());
        Assert.Equal(updated.Scores, (await Decisions.GetAsync(Owner, workspace.Id, created.Id))!.Scores);
    }

    [Fact]
    public async Task A_new_question_is_offered_the_outline_s_criteria_first_each_with_a_text_in_both_languages()
    {
        var workspace = await world.NewWorkspaceAsync();

        var created = await Decisions.CreateAsync(Owner, workspace.Id, DecisionInput.NewQuestion("Which model to build on?"));

        Assert.Equal([DecisionCriteria.Performance, DecisionCriteria.Scalability, DecisionCriteria.Ecosystem], created.Criteria.Select(c => c.Code));
        Assert.Equal(DecisionCriteria.Outline, DecisionCriteria.Suggested.Take(3));
        Assert.Equal(7, DecisionCriteria.Suggested.Distinct().Count());
        var texts = world.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<DecisionText>>();
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            using (new CultureScope(culture))
            {
                Assert.All(DecisionCriteria.Suggested, code => Assert.False(texts[$"Decision.Criterion.{code}"].ResourceNotFound, $"{culture}: {code}"));
            }
        }

        using (new CultureScope("en"))
        {
            Assert.Equal("Ecosystem support", texts["Decision.Criterion.Ecosystem"]);
        }
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_the_decision_with_its_new_version_or_the_id_removed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var old = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("Old"));
        var updated = await Decisions.UpdateAsync(Owner, workspace.Id, old.Id, old.ToInput() with { Question = "Old, renamed" }, old.Version);
        var accepted = await Decisions.RecordAsync(Owner, workspace.Id, old.Id, DecisionSamples.Accept(updated), updated.Version);
        var successor = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("New"));
        var superseded = await Decisions.SupersedeAsync(Owner, workspace.Id, old.Id, successor.Id, accepted.Version);
        await Decisions.DeleteAsync(Owner, workspace.Id, successor.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == DecisionService.Topic) == 6);
        var carried = changes.Where(c => c.Topic == DecisionService.Topic).Select(c => Assert.IsType<ItemChanges<DecisionView>>(c.Changes)).ToList();
        Assert.Equal([old, updated, accepted, successor, superseded], carried.Take(5).Select(c => Assert.Single(c.Upserted)));
        Assert.Equal((DecisionStatus.Superseded, successor.Id), (superseded.Status, superseded.SupersededById));
        // Deleting the successor puts the decision it had superseded back in force, in the same change.
        var restored = Assert.Single(carried[5].Upserted);
        Assert.Equal(successor.Id, Assert.Single(carried[5].Removed));
        Assert.Equal((old.Id, DecisionStatus.Accepted, (Guid?)null), (restored.Id, restored.Status, restored.SupersededById));
        Assert.NotEqual(superseded.Version, restored.Version);

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [("decision.deleted", "New"), ("decision.superseded", "Old, renamed"), ("decision.created", "New"), ("decision.recorded", "Old, renamed"), ("decision.updated", "Old, renamed"), ("decision.created", "Old")],
            activity.Where(a => a.Kind.StartsWith("decision.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("decision.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/decisions", a.Link));
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var sample = DecisionSamples.Matrix(" ");
        var bad = sample with { Criteria = [sample.Criteria[0] with { Weight = 101 }, sample.Criteria[1]], Scores = [sample.Scores[0] with { Value = 0 }, .. sample.Scores.Skip(1)] };

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Decisions.CreateAsync(Owner, workspace.Id, bad));

        Assert.Equal([("Question", "Validation.RequiredField"), ("Criteria[0].Weight", "Decision.Error.Weight"), ("Scores[0].Value", "Decision.Error.Score")], refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Empty((await Decisions.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task A_workspace_holds_at_most_fifty_decisions()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < Decision.MaxPerWorkspace; i++)
        {
            await Decisions.CreateAsync(Owner, workspace.Id, DecisionInput.NewQuestion($"Question {i}"));
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Decisions.CreateAsync(Owner, workspace.Id, DecisionInput.NewQuestion("One too many")));

        Assert.Equal(("Question", "Decision.Error.TooMany", 50), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        Assert.Equal(50, (await Decisions.ListAsync(Owner, workspace.Id))!.Count);
    }

    [Fact]
    public async Task The_chosen_option_stays_and_only_an_accepted_decision_gives_way_to_a_standing_one_of_the_same_workspace()
    {
        var workspace = await world.NewWorkspaceAsync();
        var accepted = await AcceptedAsync(workspace.Id, "Accepted");
        var proposed = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("Proposed"));
        var elsewhere = await Decisions.CreateAsync(Owner, (await world.NewWorkspaceAsync()).Id, DecisionSamples.Matrix("Elsewhere"));
        var deleted = await Decisions.CreateAsync(Owner, workspace.Id, DecisionSamples.Matrix("Deleted"));
        await Decisions.DeleteAsync(Owner, workspace.Id, deleted.Id);
        var withoutChoice = accepted.ToInput() with { Options = [accepted.ToInput().Options[1]], Scores = [.. accepted.ToInput().Scores.Where(s => s.OptionId != accepted.ChosenOptionId)] };

        var refusals = new[]
        {
            await RefusalAsync(() => Decisions.UpdateAsync(Owner, workspace.Id, accepted.Id, withoutChoice, accepted.Version)),
            await RefusalAsync(() => Decisions.SupersedeAsync(Owner, workspace.Id, proposed.Id, accepted.Id, proposed.Version)),
            await RefusalAsync(() => Decisions.SupersedeAsync(Owner, workspace.Id, accepted.Id, elsewhere.Id, accepted.Version)),
            await RefusalAsync(() => Decisions.SupersedeAsync(Owner, workspace.Id, accepted.Id, accepted.Id, accepted.Version)),
            await RefusalAsync(() => Decisions.RecordAsync(Owner, workspace.Id, accepted.Id, accepted.ToRecordInput() with { Status = DecisionStatus.Superseded }, accepted.Version)),
            await RefusalAsync(() => Decisions.RecordAsync(Owner, workspace.Id, proposed.Id, new("", elsewhere.Options[0].Id, "", null, DecisionStatus.Accepted), proposed.Version)),
            await RefusalAsync(() => Decisions.UpdateAsync(Owner, workspace.Id, deleted.Id, deleted.ToInput(), deleted.Version)),
        };

        Assert.Equal(
            [
                "Options:Decision.Error.ChosenRemoved", "Status:Decision.Error.SupersedeAccepted", "SupersededById:Decision.Error.Successor",
                "SupersededById:Decision.Error.Successor", "Status:Decision.Error.SupersedeByLink",
                "ChosenOptionId:Decision.Error.ChoiceNotAnOption DecidedOn:Decision.Error.DateRequired", "Decision:Decision.Error.NoDecision",
            ],
            refusals);
        Assert.Equal(accepted.Version, (await Decisions.GetAsync(Owner, workspace.Id, accepted.Id))!.Version);
    }

    private static async Task<string> RefusalAsync(Func<Task> change)
    {
        var refused = await Assert.ThrowsAsync<InputRejectedException>(change);
        return string.Join(" ", refused.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
    }

    [Fact]
    public async Task The_cohort_dashboard_and_the_workspace_home_count_each_team_s_accepted_decisions_of_all()
    {
        var deciding = await world.NewWorkspaceAsync();
        var undecided = await world.NewWorkspaceAsync();
        await AcceptedAsync(deciding.Id, "Which model?");
        await Decisions.CreateAsync(Owner, deciding.Id, DecisionSamples.Matrix("Which cloud?"));
        await Decisions.CreateAsync(Owner, undecided.Id, DecisionSamples.Matrix("Which database?"));
        var empty = await world.NewWorkspaceAsync();

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<DecisionCountColumn>().Single();
        var cells = await column.GetAsync([deciding.Id, undecided.Id, empty.Id], CancellationToken.None);
        var dashboard = await world.Services.GetRequiredService<CohortDashboardService>().GetAsync(world.Id(Persona.CohortInstructor), deciding.CohortId!.Value);

        Assert.Equal("1 / 2", cells[deciding.Id].Text);
        Assert.Equal("0 / 1", cells[undecided.Id].Text);
        Assert.False(cells.ContainsKey(empty.Id));
        Assert.True(cells[deciding.Id].SortValue > cells[undecided.Id].SortValue);
        Assert.Contains("Dashboard.Decisions", dashboard!.ColumnTitleKeys);
        // The workspace home's "plan at a glance" shows the same figure to the team.
        var atAGlance = await world.Services.GetRequiredService<CohortDashboardService>().GetWorkspaceFiguresAsync(Owner, deciding.Id);
        Assert.Equal("1 / 2", atAGlance.Single(f => f.TitleKey == "Dashboard.Decisions").Cell!.Text);
    }

    private async Task<DecisionView> AcceptedAsync(Guid workspaceId, string question)
    {
        var created = await Decisions.CreateAsync(Owner, workspaceId, DecisionSamples.Matrix(question));
        return await Decisions.RecordAsync(Owner, workspaceId, created.Id, DecisionSamples.Accept(created), created.Version);
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly System.Globalization.CultureInfo before = System.Globalization.CultureInfo.CurrentUICulture;

        public CultureScope(string culture) => System.Globalization.CultureInfo.CurrentUICulture = new(culture);

        public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = before;
    }
}
