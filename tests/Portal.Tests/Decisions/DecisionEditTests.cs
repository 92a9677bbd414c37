using Portal.Features.Decisions;

namespace Portal.Tests.Decisions;

public sealed class DecisionEditTests
{
    private static DecisionView Decision()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var (performance, cost) = (Guid.NewGuid(), Guid.NewGuid());
        return new DecisionView(
            Guid.NewGuid(), "Which model do we build on?",
            [new(a, "Hosted API", ""), new(b, "Open model", "")],
            [new(performance, DecisionCriteria.Performance, "", 50), new(cost, DecisionCriteria.Cost, "", 30)],
            [new(a, performance, 5, ""), new(a, cost, 2, ""), new(b, performance, 3, ""), new(b, cost, 5, "")],
            "", null, "", null, DecisionStatus.Proposed, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Without_edits_someone_else_s_save_simply_shows()
    {
        var decision = Decision();
        var edit = DecisionEdit.Of(decision);
        var theirs = decision with { Question = "Which model first?", Version = Guid.NewGuid() };

        var next = edit.Apply(theirs);

        Assert.NotSame(edit, next);
        Assert.Equal(("Which model first?", theirs.Version, null), (next.Question, next.Base.Version, next.Theirs));
    }

    [Fact]
    public void With_edits_a_changed_matrix_stands_beside_them_and_a_record_only_change_moves_the_base_quietly()
    {
        var decision = Decision();
        var edit = DecisionEdit.Of(decision);
        edit.Cell(decision.Options[1].Id, decision.Criteria[1].Id).Value = 4;
        edit.AddOption("Own model");
        Assert.True(edit.IsDirty);

        // Someone saved the record: the matrix is as the user started from, so their values ride on the new version.
        var recorded = decision with { Context = "Latency budget of 300 ms", Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(recorded));
        Assert.Equal((recorded.Version, null, 3), (edit.Base.Version, edit.Theirs, edit.Options.Count));

        // Someone changed a weight: theirs shows beside the user's values, which stay.
        edit.Refused = true;
        var reweighed = recorded with { Criteria = [recorded.Criteria[0], recorded.Criteria[1] with { Weight = 40 }], Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(reweighed));
        Assert.Equal((reweighed, false, recorded.Version), (edit.Theirs, edit.Refused, edit.Base.Version));
        Assert.Equal(4, edit.Cell(decision.Options[1].Id, decision.Criteria[1].Id).Value);
        Assert.Equal(30, edit.Criteria[1].Weight);
    }

    [Fact]
    public void An_empty_cell_is_no_score_and_the_live_ranking_leaves_its_option_unranked()
    {
        var decision = Decision();
        var edit = DecisionEdit.Of(decision);
        edit.AddOption("Own model");

        var input = edit.ToInput();
        var matrix = edit.Matrix();

        Assert.Equal(4, input.Scores.Count);
        Assert.Equal(3, input.Options.Count);
        Assert.Equal([decision.Options[0].Id], matrix.Leaders);
        Assert.Equal(2, matrix.Standings.Single(s => s.OptionId == edit.Options[2].Id).MissingCriteria.Count);
    }

    [Fact]
    public void The_record_keeps_the_user_s_text_against_another_record_and_follows_a_matrix_save()
    {
        var decision = Decision();
        var edit = DecisionRecordEdit.Of(decision);
        edit.Context = "We need answers under 300 ms";

        var matrixSaved = decision with { Criteria = [decision.Criteria[0] with { Weight = 10 }, decision.Criteria[1]], Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(matrixSaved));
        Assert.Equal((matrixSaved.Version, null), (edit.Base.Version, edit.Theirs));

        var recorded = matrixSaved with { Context = "Cost first", Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(recorded));
        Assert.Equal(("We need answers under 300 ms", recorded), (edit.Context, edit.Theirs));

        var untouched = DecisionRecordEdit.Of(decision);
        Assert.Equal("Cost first", untouched.Apply(recorded).Context);
    }
}
