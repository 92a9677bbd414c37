using Portal.Features.Team;

namespace Portal.Tests.Team;

public sealed class TeamGapsTests
{
    private static TeamMemberView Person(string name, int hours, params (string Skill, int Level)[] skills) =>
        new(Guid.NewGuid(), null, name, "CEO", "", hours, [.. skills.Select(s => new TeamSkillView(s.Skill, s.Level))], Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_team_of_nobody_has_every_skill_as_a_gap_at_level_zero_and_no_full_time_warning()
    {
        var report = TeamGaps.Of([]);

        Assert.Equal(TeamSkills.All, report.Gaps.Select(g => g.Skill));
        Assert.All(report.Skills, s => Assert.Equal((0, 0), (s.BestLevel, s.People)));
        Assert.Equal(0, report.TotalHours);
        Assert.False(report.NobodyFullTime);
    }

    [Fact]
    public void A_skill_is_covered_only_when_someone_works_at_level_two_and_two_beginners_still_leave_a_gap()
    {
        // Ada: ML research 3, backend 2, product 1, 40 h.  Bo: ML research 1, product 1, sales 2, 20 h.
        // Best: ML research 3 (Ada), backend 2 (Ada), sales 2 (Bo): covered.  Product: 1 and 1, best 1: a gap.
        // Nobody at all in ML engineering, data, design, legal, finance: gaps at 0.  Hours 40 + 20 = 60; Ada is full-time.
        var report = TeamGaps.Of(
        [
            Person("Ada", 40, ("MlResearch", 3), ("Backend", 2), ("Product", 1)),
            Person("Bo", 20, ("MlResearch", 1), ("Product", 1), ("Sales", 2)),
        ]);

        Assert.Equal(
            [("MlResearch", 3, 1), ("MlEngineering", 0, 0), ("Data", 0, 0), ("Backend", 2, 1), ("Product", 1, 0), ("Design", 0, 0), ("Sales", 2, 1), ("LegalCompliance", 0, 0), ("Finance", 0, 0)],
            report.Skills.Select(s => (s.Skill, s.BestLevel, s.People)));
        Assert.Equal(["MlEngineering", "Data", "Product", "Design", "LegalCompliance", "Finance"], report.Gaps.Select(g => g.Skill));
        Assert.Equal(60, report.TotalHours);
        Assert.False(report.NobodyFullTime);
    }

    [Theory]
    [InlineData(34, 34, true)]
    [InlineData(35, 0, false)]
    [InlineData(0, 80, false)]
    [InlineData(0, 0, true)]
    public void The_team_is_warned_when_nobody_gives_thirty_five_hours_a_week(int first, int second, bool warned)
    {
        var report = TeamGaps.Of([Person("Ada", first), Person("Bo", second)]);

        Assert.Equal((first + second, warned), (report.TotalHours, report.NobodyFullTime));
    }

    [Fact]
    public void Two_people_at_working_level_count_twice_and_one_expert_is_enough()
    {
        var report = TeamGaps.Of([Person("Ada", 10, ("Data", 2), ("Design", 3)), Person("Bo", 10, ("Data", 3))]);

        Assert.Equal((3, 2, false), (report.Skills[2].BestLevel, report.Skills[2].People, report.Skills[2].IsGap));
        Assert.Equal((3, 1, false), (report.Skills[5].BestLevel, report.Skills[5].People, report.Skills[5].IsGap));
        Assert.Equal(7, report.Gaps.Count());
    }
}
