using Portal.Features.Decisions;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Tests.Decisions;

/// <summary>The rules every save passes (no database), and a decision's change on its way between nodes.</summary>
public sealed class DecisionRulesTests
{
    [Fact]
    public void Each_problem_of_a_matrix_is_reported_on_its_own_field()
    {
        var sample = DecisionSamples.Matrix();
        var (own, api) = (sample.Options[0], sample.Options[1]);
        var custom = new CriterionInput(Guid.NewGuid(), null, " ", 10);
        var input = sample with
        {
            Question = new string('q', Decision.QuestionMaxLength + 1),
            Options = [own, api with { Name = " own cnn " }, own with { Name = "Third", Note = new string('n', DecisionOption.NoteMaxLength + 1) }],
            Criteria = [.. sample.Criteria, custom, new CriterionInput(Guid.NewGuid(), "Karma", "", 10), sample.Criteria[1] with { Id = Guid.NewGuid(), Weight = -1 }],
            Scores = [.. sample.Scores, sample.Scores[0], new ScoreInput(Guid.NewGuid(), custom.Id, 3), new ScoreInput(own.Id, custom.Id, 6, new string('s', DecisionScore.NoteMaxLength + 1))],
        };

        var refused = Assert.Throws<InputRejectedException>(() => DecisionChecks.Matrix(input, chosenOptionId: null));

        Assert.Equal(
            [
                ("Question", "Validation.TooLong"), ("Options[2].Note", "Validation.TooLong"),
                ("Options[1].Name", "Decision.Error.DuplicateOption"), ("Options[2]", "Decision.Error.DuplicateId"),
                ("Criteria[2].Name", "Validation.RequiredField"), ("Criteria[3].Code", "Decision.Error.UnknownCriterion"),
                ("Criteria[4].Weight", "Decision.Error.Weight"), ("Criteria[4].Name", "Decision.Error.DuplicateCriterion"),
                ("Scores[4]", "Decision.Error.DuplicateScore"), ("Scores[5]", "Decision.Error.ScoreTarget"),
                ("Scores[6].Value", "Decision.Error.Score"), ("Scores[6].Note", "Validation.TooLong"),
            ],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
    }

    [Fact]
    public void A_matrix_holds_at_most_twelve_options_and_twelve_criteria()
    {
        var options = Enumerable.Range(0, Decision.MaxOptions + 1).Select(i => new OptionInput(Guid.NewGuid(), $"Option {i}")).ToList();
        var criteria = Enumerable.Range(0, Decision.MaxCriteria + 1).Select(i => new CriterionInput(Guid.NewGuid(), null, $"Criterion {i}", 5)).ToList();

        var refused = Assert.Throws<InputRejectedException>(() => DecisionChecks.Matrix(new DecisionInput("Which model?", options, criteria, []), null));
        var twelve = DecisionChecks.Matrix(new DecisionInput("Which model?", [.. options.Take(12)], [.. criteria.Take(12)], []), null);

        Assert.Equal([("Options", "Decision.Error.TooManyOptions", 12), ("Criteria", "Decision.Error.TooManyCriteria", 12)], refused.Errors.Select(e => (e.Field, e.MessageKey, (int)e.Arguments[0])));
        Assert.Equal((12, 12), (twelve.Options.Count, twelve.Criteria.Count));
    }

    [Fact]
    public void Saved_text_is_trimmed_and_a_suggested_criterion_keeps_its_code_not_a_name()
    {
        var sample = DecisionSamples.Matrix("  Which model?  ");
        var input = sample with { Criteria = [sample.Criteria[0] with { Name = "typed anyway" }, sample.Criteria[1]] };

        var clean = DecisionChecks.Matrix(input, null);

        Assert.Equal(("Which model?", "", DecisionCriteria.Performance), (clean.Question, clean.Criteria[0].Name, clean.Criteria[0].Code));
    }

    [Fact]
    public void An_accepted_decision_names_its_choice_and_date()
    {
        var options = new[] { Guid.NewGuid() };
        var accepted = new DecisionRecordInput(" Context ", null, "", null, DecisionStatus.Accepted);

        var refused = Assert.Throws<InputRejectedException>(() => DecisionChecks.Record(accepted, options, DecisionStatus.Proposed));
        var proposed = DecisionChecks.Record(accepted with { Status = DecisionStatus.Proposed }, options, DecisionStatus.Accepted);
        var kept = DecisionChecks.Record(accepted with { Status = DecisionStatus.Superseded }, options, DecisionStatus.Superseded);

        Assert.Equal([("ChosenOptionId", "Decision.Error.ChoiceRequired"), ("DecidedOn", "Decision.Error.DateRequired")], refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Equal(("Context", DecisionStatus.Proposed), (proposed.Context, proposed.Status));
        Assert.Equal(DecisionStatus.Superseded, kept.Status);
    }

    [Fact]
    public void A_decision_gives_way_only_to_one_that_still_holds()
    {
        var accepted = new Decision { Question = "Old", Status = DecisionStatus.Accepted };
        var superseded = new Decision { Question = "Older", Status = DecisionStatus.Superseded };

        var refused = Assert.Throws<InputRejectedException>(() => DecisionChecks.Supersede(accepted, superseded));
        DecisionChecks.Supersede(accepted, new Decision { Question = "New", Status = DecisionStatus.Proposed });

        Assert.Equal(("SupersededById", "Decision.Error.Successor"), (refused.Errors[0].Field, refused.Errors[0].MessageKey));
    }

    [Fact]
    public void A_decision_s_change_reaches_other_nodes_whole()
    {
        var decision = new DecisionView(
            Guid.NewGuid(), "Which model?", [new(Guid.NewGuid(), "Own CNN", "lab run 12")], [new(Guid.NewGuid(), DecisionCriteria.Cost, "", 40)], [],
            "Context", null, "", new DateOnly(2027, 3, 1), DecisionStatus.Proposed, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var scored = decision with { Scores = [new(decision.Options[0].Id, decision.Criteria[0].Id, 4, "cheap")] };
        var change = new WorkspaceChange(Guid.NewGuid(), DecisionService.Topic, scored.Id.ToString(), "ada", DateTimeOffset.UnixEpoch) { Changes = ItemChanges.Of(scored) };

        var read = Assert.Single(Assert.IsType<ItemChanges<DecisionView>>(WorkspaceChangeSerializer.FromWire(WorkspaceChangeSerializer.ToWire(change)).Changes).Upserted);

        Assert.Equal((scored.Question, scored.Version, scored.DecidedOn), (read.Question, read.Version, read.DecidedOn));
        Assert.Equal(scored.Options, read.Options);
        Assert.Equal(scored.Criteria, read.Criteria);
        Assert.Equal(scored.Scores, read.Scores);
    }
}

/// <summary>A question as a team fills it in: an own model against a hosted API, on performance and cost.</summary>
internal static class DecisionSamples
{
    public static DecisionInput Matrix(string question = "Which model to build on?")
    {
        var performance = new CriterionInput(Guid.NewGuid(), DecisionCriteria.Performance, "", 50);
        var cost = new CriterionInput(Guid.NewGuid(), DecisionCriteria.Cost, "", 30);
        var own = new OptionInput(Guid.NewGuid(), "Own CNN", "Trained in the lab");
        var api = new OptionInput(Guid.NewGuid(), "Hosted API");
        return new(question, [own, api], [performance, cost],
            [new(own.Id, performance.Id, 5, "94% test accuracy"), new(own.Id, cost.Id, 2), new(api.Id, performance.Id, 3), new(api.Id, cost.Id, 5)]);
    }

    public static DecisionRecordInput Accept(DecisionView decision) =>
        new("Two founders, no ML hire yet", decision.Options[0].Id, "We run our own GPU", new DateOnly(2027, 3, 1), DecisionStatus.Accepted);
}
