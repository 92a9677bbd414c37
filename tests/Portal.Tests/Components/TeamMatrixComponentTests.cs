using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Team;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class TeamMatrixComponentTests
{
    // Ada: ML research 3, backend 2, product 1.  Bo: product 1, sales 2.  Covered: ML research, backend, sales; the
    // other six are gaps, product at best 1 (two beginners), the rest at 0.
    private static IReadOnlyList<TeamMemberView> People() =>
    [
        new(Guid.NewGuid(), null, "Ada", "CTO", "", 40, [new("MlResearch", 3), new("Backend", 2), new("Product", 1)], Guid.NewGuid(), DateTimeOffset.UnixEpoch),
        new(Guid.NewGuid(), null, "Bo", "Sales", "", 20, [new("Product", 1), new("Sales", 2)], Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddMinutes(1)),
    ];

    [Fact]
    public async Task Each_cell_shows_its_level_and_the_gap_row_marks_the_skills_nobody_works_at_with_both_actions()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);
        string? hired = null;

        var matrix = context.Render<TeamSkillsMatrix>(parameters => parameters
            .Add(p => p.People, People()).Add(p => p.CanEdit, true).Add(p => p.OnHire, skill => hired = skill));

        var rows = matrix.FindAll("[data-testid=team-matrix-row]");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["3", "0", "0", "2", "1", "0", "0", "0", "0"], rows[0].QuerySelectorAll("select[data-testid=team-level]").Select(s => s.QuerySelector("option[selected]")!.GetAttribute("value")));
        Assert.Equal("Ada: ML research", rows[0].QuerySelector("select")!.GetAttribute("aria-label"));
        var gaps = matrix.FindAll("[data-testid=team-gap-cell]");
        Assert.Equal(TeamSkills.All, gaps.Select(g => g.GetAttribute("data-skill")));
        Assert.Equal(["false", "true", "true", "false", "true", "true", "false", "true", "true"], gaps.Select(g => g.GetAttribute("data-gap")));
        Assert.Equal("1", gaps[4].GetAttribute("data-best"));
        Assert.Contains("1 Basic", gaps[4].TextContent, StringComparison.Ordinal);
        Assert.Equal(6, matrix.FindAll("[data-testid=team-hire]").Count);
        Assert.Equal(6, matrix.FindAll("[data-testid=team-risk]").Count);
        Assert.Empty(gaps[0].QuerySelectorAll("[data-testid=team-hire]"));

        matrix.FindAll("button[data-testid=team-hire]")[0].Click();
        Assert.Equal("MlEngineering", hired);
    }

    [Fact]
    public async Task A_reader_sees_levels_as_text_and_the_gaps_without_a_control()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var context = PortalComponentTestContext.Create(out _);

        var matrix = context.Render<TeamSkillsMatrix>(parameters => parameters.Add(p => p.People, People()).Add(p => p.CanEdit, false));

        Assert.Empty(matrix.FindAll("select, button"));
        Assert.Equal(["0", "0", "0", "0", "1", "0", "2", "0", "0"], matrix.FindAll("[data-testid=team-matrix-row]")[1].QuerySelectorAll("[data-testid=team-level-text]").Select(t => t.GetAttribute("data-level")));
        Assert.Equal(6, matrix.FindAll("[data-testid=team-gap-mark]").Count);
        Assert.Contains("缺口", matrix.Find("[data-testid=team-gap-mark]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_cell_keeps_the_user_s_level_beside_what_someone_else_saved()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);
        var people = People();
        var conflicts = new Dictionary<(Guid MemberId, string Skill), int> { [(people[1].Id, "Sales")] = 3 };

        var matrix = context.Render<TeamSkillsMatrix>(parameters => parameters.Add(p => p.People, people).Add(p => p.CanEdit, true).Add(p => p.Conflicts, conflicts));

        var bo = matrix.FindAll("[data-testid=team-matrix-row]")[1];
        Assert.Equal("3", bo.QuerySelector("td[data-skill=Sales] option[selected]")!.GetAttribute("value"));
        Assert.Equal("Someone just set this to Working; you chose Expert.", bo.QuerySelector("[data-testid=team-cell-conflict] span")!.TextContent);
    }

    [Theory]
    [InlineData("en", "Operations lead", "Legal & compliance")]
    [InlineData("zh-CN", "运营负责人", "法务与合规")]
    public async Task Every_suggested_role_skill_and_level_has_a_text_in_both_languages(string culture, string operations, string legal)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        await using var context = PortalComponentTestContext.Create(out _);
        var text = context.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<TeamText>>();

        Assert.All(TeamRoles.Suggested, code => Assert.False(text[$"Team.Role.{code}"].ResourceNotFound, code));
        Assert.All(TeamSkills.All, code => Assert.False(text[$"Team.Skill.{code}"].ResourceNotFound, code));
        Assert.All(Enumerable.Range(TeamSkill.MinLevel, TeamSkill.MaxLevel + 1), level => Assert.False(text[$"Team.Level.{level}"].ResourceNotFound, $"{level}"));
        Assert.Equal(operations, TeamMessages.Role("Operations", text));
        Assert.Equal("Growth", TeamMessages.Role("Growth", text));
        Assert.Equal(legal, TeamMessages.Skill("LegalCompliance", text));
    }
}
