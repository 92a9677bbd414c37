using System.Globalization;
using Bunit;
using Portal.Features.Decisions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class DecisionPageComponentTests
{
    // Performance 50, Cost 30.  A: 5, 2   B: 3, 5   C: 4, 3 (worked in DecisionMatrixTests): A leads with 3.875; B draws
    // level at a cost weight of 100/3 (so 34 puts B ahead) and at a performance weight of 45 (so 44 does).
    private static DecisionView Decision()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (performance, cost) = (Guid.NewGuid(), Guid.NewGuid());
        return new DecisionView(
            Guid.NewGuid(), "Which model do we build on?",
            [new(a, "A", ""), new(b, "B", ""), new(c, "C", "")],
            [new(performance, DecisionCriteria.Performance, "", 50), new(cost, DecisionCriteria.Cost, "", 30)],
            [new(a, performance, 5, ""), new(a, cost, 2, ""), new(b, performance, 3, ""), new(b, cost, 5, ""), new(c, performance, 4, ""), new(c, cost, 3, "")],
            "", null, "", null, DecisionStatus.Proposed, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [InlineData("en", "Raise Cost's weight from 30 to 34 and B leads.", "Lower Performance's weight from 50 to 44 and B leads.")]
    [InlineData("zh-CN", "把「成本」的权重从 30 提高到 34，B 就会领先。", "把「性能」的权重从 50 降到 44，B 就会领先。")]
    public async Task The_ranking_says_in_words_which_weight_change_hands_the_lead_to_whom(string culture, string cost, string performance)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        await using var context = PortalComponentTestContext.Create(out _);
        var decision = Decision();

        var results = context.Render<DecisionResults>(parameters => parameters
            .Add(p => p.Options, decision.Options).Add(p => p.Criteria, decision.Criteria).Add(p => p.Scores, decision.Scores));

        Assert.Equal(["1", "2", "3"], results.FindAll("[data-testid=decision-standing]").Select(s => s.GetAttribute("data-rank")));
        Assert.Contains(string.Format(CultureInfo.CurrentCulture, "{0:0.00}", 3.875m), results.FindAll("[data-testid=decision-standing]")[0].TextContent, StringComparison.Ordinal);
        var sentences = results.FindAll("[data-testid=decision-sensitivity]").Select(s => s.TextContent).ToList();
        Assert.Equal([performance, cost], sentences);
    }

    [Fact]
    public async Task A_reader_sees_the_matrix_as_text_without_a_single_edit_control()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<DecisionService>);
        var decision = Decision();

        var editor = context.Render<DecisionMatrixEditor>(parameters => parameters
            .Add(p => p.Edit, DecisionEdit.Of(decision)).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u").Add(p => p.CanEdit, false));
        var record = context.Render<DecisionRecordForm>(parameters => parameters
            .Add(p => p.Edit, DecisionRecordEdit.Of(decision)).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u").Add(p => p.CanEdit, false));

        Assert.Empty(editor.FindAll("input:not([type=checkbox]), textarea, [data-testid=decision-save], [data-testid=decision-add-option]"));
        Assert.Equal(["5", "2", "3", "5", "4", "3"], editor.FindAll("[data-testid=decision-score-text]").Select(s => s.TextContent));
        Assert.Empty(record.FindAll("input, textarea, button"));
    }

    [Fact]
    public async Task A_matrix_changed_by_someone_else_shows_beside_the_user_s_scores_with_the_choice_to_keep_theirs()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<DecisionService>);
        var decision = Decision();
        var edit = DecisionEdit.Of(decision);
        DecisionEdit? replaced = null;
        var editor = context.Render<DecisionMatrixEditor>(parameters => parameters
            .Add(p => p.Edit, edit).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u").Add(p => p.CanEdit, true)
            .Add(p => p.EditChanged, next => replaced = next));
        editor.FindAll("input[data-testid=decision-score], [data-testid=decision-score] input")[1].Input("4");

        var theirs = decision with { Options = [decision.Options[0] with { Name = "Hosted API" }, .. decision.Options.Skip(1)], Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(theirs));
        editor.Render();

        Assert.Contains("Hosted API", editor.Find("[data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal);
        Assert.Equal("4", editor.FindAll("input[data-testid=decision-score], [data-testid=decision-score] input")[1].GetAttribute("value"));
        editor.Find("button[data-testid=conflict-take-theirs]").Click();
        Assert.Equal(("Hosted API", theirs.Version), (replaced!.Options[0].Name, replaced.Base.Version));
    }

    [Fact]
    public async Task Lab_runs_named_like_the_options_fill_the_cost_scores_with_their_figures_once_the_editor_applies_them()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<DecisionService>);
        var decision = Decision();
        var edit = DecisionEdit.Of(decision);
        LabCostFigure[] figures = [new(Guid.NewGuid(), "a", 10, "NVIDIA T4", 0.5), new(Guid.NewGuid(), "B", 40, "NVIDIA T4", 2)];

        var editor = context.Render<DecisionMatrixEditor>(parameters => parameters
            .Add(p => p.Edit, edit).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u").Add(p => p.CanEdit, true).Add(p => p.LabCosts, figures));
        editor.Find("[data-testid=decision-lab-cost] .mud-expand-panel-header").Click();
        editor.Find("button[data-testid=decision-lab-cost-apply]").Click();

        // Options A and B are named like runs (case aside); C has none and keeps its own cost score.
        var cost = decision.Criteria[1].Id;
        Assert.Equal((5, 1, 3), (edit.Cell(decision.Options[0].Id, cost).Value, edit.Cell(decision.Options[1].Id, cost).Value, edit.Cell(decision.Options[2].Id, cost).Value));
        Assert.Equal("Lab run \"B\": US$40.00 a month to serve 1M requests (NVIDIA T4); training US$2.00", edit.Cell(decision.Options[1].Id, cost).Note);
        Assert.Equal(["5", "5", "3", "1", "4", "3"], editor.FindAll("input[data-testid=decision-score], [data-testid=decision-score] input").Select(i => i.GetAttribute("value")));
    }

    [Fact]
    public async Task Without_a_cost_criterion_or_edit_rights_no_lab_evidence_is_offered()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<DecisionService>);
        var decision = Decision();
        LabCostFigure[] figures = [new(Guid.NewGuid(), "A", 10, "NVIDIA T4", 0.5)];
        var withoutCost = decision with { Criteria = [decision.Criteria[0]], Scores = [.. decision.Scores.Where(s => s.CriterionId == decision.Criteria[0].Id)] };

        var reader = context.Render<DecisionMatrixEditor>(parameters => parameters
            .Add(p => p.Edit, DecisionEdit.Of(decision)).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u").Add(p => p.CanEdit, false).Add(p => p.LabCosts, figures));
        var noCost = context.Render<DecisionMatrixEditor>(parameters => parameters
            .Add(p => p.Edit, DecisionEdit.Of(withoutCost)).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u").Add(p => p.CanEdit, true).Add(p => p.LabCosts, figures));

        Assert.Empty(reader.FindAll("[data-testid=decision-lab-cost]"));
        Assert.Empty(noCost.FindAll("[data-testid=decision-lab-cost]"));
    }
}
