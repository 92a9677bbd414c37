using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class ResearchPageComponentTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    // Two interviews; "Calls" is heard in both, "Paper" in one (weak). Booking rests on Calls, Reminders on both, Dark mode on none.
    private static ResearchView View()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var calls = new InsightView(Guid.NewGuid(), "Phones ring during treatment", "calls", [a, b], Guid.NewGuid(), At, At);
        var paper = new InsightView(Guid.NewGuid(), "Paper diaries get lost", "", [a], Guid.NewGuid(), At, At);
        RequirementView Requirement(string title, params Guid[] insights) =>
            new(Guid.NewGuid(), title, RequirementKind.Functional, RequirementPriority.Must, "", RequirementStatus.Proposed, insights, null, Guid.NewGuid(), At, At);
        return new ResearchView(
            [new(a, "Clinics", "Manager", "Manager A", new DateOnly(2026, 11, 2), InterviewMethod.Interview, "", Guid.NewGuid(), At, At),
             new(b, "Clinics", "Owner", "Owner B", new DateOnly(2026, 11, 3), InterviewMethod.UsabilityTest, "", Guid.NewGuid(), At, At)],
            [calls, paper],
            [Requirement("Online booking", calls.Id), Requirement("Reminders", calls.Id, paper.Id), Requirement("Dark mode")]);
    }

    [Theory]
    [InlineData("en", "No evidence")]
    [InlineData("zh-CN", "没有证据")]
    public async Task The_matrix_marks_each_link_and_highlights_weak_insights_and_requirements_without_evidence(string culture, string noEvidence)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        await using var context = PortalComponentTestContext.Create(out _);
        var view = View();

        var matrix = context.Render<ResearchMatrix>(parameters => parameters.Add(p => p.View, view));

        var rows = matrix.FindAll("[data-testid=matrix-row]");
        Assert.Equal(view.Requirements.Select(r => r.Id.ToString()), rows.Select(r => r.GetAttribute("data-requirement-id")));
        Assert.Equal(
            ["true false", "true true", "false false"],
            rows.Select(r => string.Join(" ", r.QuerySelectorAll("[data-testid=matrix-cell]").Select(c => c.GetAttribute("data-linked")))));
        Assert.All(rows.SelectMany(r => r.QuerySelectorAll("[data-testid=matrix-cell][data-linked=true]")), c => Assert.Equal("●", c.TextContent.Trim()));
        Assert.All(rows.SelectMany(r => r.QuerySelectorAll("[data-testid=matrix-cell][data-linked=false]")), c => Assert.Equal("", c.TextContent.Trim()));
        Assert.Equal(["false", "false", "true"], rows.Select(r => r.GetAttribute("data-unevidenced")));
        Assert.Contains(noEvidence, Assert.Single(matrix.FindAll("[data-testid=matrix-no-evidence]")).TextContent, StringComparison.Ordinal);
        Assert.Equal(["false", "true"], matrix.FindAll("[data-testid=matrix-insight]").Select(h => h.GetAttribute("data-weak")));
        // The weak insight's column is highlighted all the way down.
        Assert.All(rows, r => Assert.Contains("weak", r.QuerySelectorAll("[data-testid=matrix-cell]")[1].ClassName ?? "", StringComparison.Ordinal));
        Assert.Equal(["Phones ring during treatment", "Paper diaries get lost"], matrix.FindAll("[data-testid=matrix-legend] li").Select(li => li.FirstChild!.TextContent.Trim()));
    }

    [Fact]
    public async Task Without_requirements_or_insights_the_matrix_says_what_it_needs()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);

        var matrix = context.Render<ResearchMatrix>(parameters => parameters.Add(p => p.View, View() with { Requirements = [] }));

        Assert.Empty(matrix.FindAll("table"));
        Assert.Equal("The matrix appears once there are insights and requirements.", matrix.Find("[data-testid=matrix-empty]").TextContent);
    }

    [Fact]
    public async Task A_viewer_gets_the_requirements_and_their_flags_but_not_a_single_edit_control()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<ResearchService>);
        var view = View();
        var viewer = new WorkspaceAccess(Guid.NewGuid(), "acme", "Acme", "viewer", WorkspaceRole.Viewer, false, false);
        // The thread has tests of its own; here it only has to be there.
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();

        var panel = context.Render<RequirementPanel>(parameters => parameters.Add(p => p.Access, viewer).Add(p => p.View, view));

        Assert.Empty(panel.FindAll("[data-testid=requirement-new]"));
        Assert.Single(panel.FindAll("[data-testid=requirement-no-evidence]"));
        panel.FindAll("[data-testid=requirement-item]")[1].Click();
        var details = panel.Find("[data-testid=requirement-form]");
        Assert.Empty(details.QuerySelectorAll("input, textarea, [data-testid=requirement-save]"));
        Assert.Contains("Paper diaries get lost", details.TextContent, StringComparison.Ordinal);
        Assert.Equal(["false", "true"], details.QuerySelectorAll("[data-testid=insight-evidence]").Select(c => c.GetAttribute("data-weak")));
        var thread = panel.FindComponent<Stub<Portal.Features.Comments.CommentThreadView>>();
        Assert.Equal(("requirement", view.Requirements[1].Id.ToString()), (thread.Instance.Parameters.Get(p => p.TargetType), thread.Instance.Parameters.Get(p => p.TargetId)));
    }

    [Fact]
    public void A_save_by_someone_else_stands_beside_the_user_s_text_and_an_untouched_form_simply_follows_it()
    {
        var requirement = View().Requirements[0];
        var theirs = requirement with { Title = "Online booking and cancelling", Version = Guid.NewGuid() };
        var typing = RequirementDraft.Of(requirement);
        var idle = RequirementDraft.Of(requirement);
        typing.AcceptanceCriteria = "Books in under a minute";

        typing.Apply(theirs);
        idle.Apply(theirs);

        Assert.Equal((theirs, "Books in under a minute", "Online booking"), (typing.Theirs, typing.AcceptanceCriteria, typing.Title));
        Assert.Equal((null, "Online booking and cancelling", theirs.Version), (idle.Theirs, idle.Title, idle.Base!.Version));
        // Gone while being edited: the typing is kept and can become a new requirement.
        Assert.True(typing.Remove());
        typing.Detach();
        Assert.Equal((true, "Books in under a minute"), (typing.IsNew, typing.ToInput().AcceptanceCriteria));
    }
}
