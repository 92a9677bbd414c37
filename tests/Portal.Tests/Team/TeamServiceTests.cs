using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Features.Risks;
using Portal.Features.Roadmap;
using Portal.Features.Team;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Team;

public sealed class TeamServiceTests(WorkspaceWorld world) : TeamServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TeamServiceTestsOnPostgres(PostgresWorkspaceWorld world) : TeamServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class TeamServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private TeamService Team => world.Services.GetRequiredService<TeamService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static TeamMemberInput Named(string name, string role = "CTO", int hours = 40) => new(null, name, role, "Builds the model", hours);

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        using var culture = new CultureScope("en");
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var toUpdate = await Team.CreateAsync(Owner, workspace.Id, Named("To update"));
        var toScore = await Team.CreateAsync(Owner, workspace.Id, Named("To score"));
        var toDelete = await Team.CreateAsync(Owner, workspace.Id, Named("To delete"));

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Team.CreateAsync(user, workspace.Id, Named("New"))),
            await AccessOutcome.OfAsync(() => Team.UpdateAsync(user, workspace.Id, toUpdate.Id, Named("Updated"), toUpdate.Version)),
            await AccessOutcome.OfAsync(() => Team.SetSkillAsync(user, workspace.Id, toScore.Id, "Data", 3, toScore.Version)),
            await AccessOutcome.OfAsync(() => Team.DeleteAsync(user, workspace.Id, toDelete.Id)),
            await AccessOutcome.OfAsync(() => Team.CreateHiringTaskAsync(user, workspace.Id, "Sales")),
            await AccessOutcome.OfAsync(() => Team.CreateGapRiskAsync(user, workspace.Id, "Sales")),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Team.ListAsync(Owner, workspace.Id))!;
        Assert.Equal(allowed ? ["New", "To score", "Updated"] : ["To delete", "To score", "To update"], stored.Select(p => p.Name).Order());
        Assert.Equal(allowed ? 3 : 0, stored.Single(p => p.Name == "To score").Level("Data"));
        Assert.Equal(allowed ? 1 : 0, await CountAsync<RoadmapTask>(workspace.Id));
        Assert.Equal(allowed ? 1 : 0, (await world.Services.GetRequiredService<RiskService>().ListAsync(Owner, workspace.Id))!.Count);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        var seen = await Team.ListAsync(world.Id(persona), workspace.Id);
        Assert.Equal(reads, seen is { Count: 3 });
        Assert.Equal(reads, (await world.Services.GetServices<IPlanSection>().OfType<TeamPlanSection>().Single().ToMarkdownAsync(user, workspace.Id, CancellationToken.None)).Contains("To score", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Team.CreateAsync(Owner, workspace.Id, new TeamMemberInput(null, " ", new string('r', TeamMember.RoleMaxLength + 1), new string('x', TeamMember.ResponsibilitiesMaxLength + 1), 81)));
        var noRole = await Assert.ThrowsAsync<InputRejectedException>(() => Team.CreateAsync(Owner, workspace.Id, Named("Ada", role: "  ", hours: -1)));

        Assert.Equal(
            [("Name", "Validation.RequiredField"), ("Role", "Validation.TooLong"), ("Responsibilities", "Validation.TooLong"), ("HoursPerWeek", "Team.Error.Hours")],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Equal([("Role", "Validation.RequiredField"), ("HoursPerWeek", "Team.Error.Hours")], noRole.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Empty((await Team.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task A_person_on_the_portal_must_be_a_member_of_the_workspace_and_is_on_the_team_once_only()
    {
        var workspace = await world.NewWorkspaceAsync();
        var editor = world.Id(Persona.Editor)!;

        var bo = await Team.CreateAsync(Owner, workspace.Id, new TeamMemberInput(editor, "ignored", "Sales", "", 20));
        var twice = await Assert.ThrowsAsync<InputRejectedException>(() => Team.CreateAsync(Owner, workspace.Id, new TeamMemberInput(editor, "", "CTO", "", 10)));
        var stranger = await Assert.ThrowsAsync<InputRejectedException>(() => Team.CreateAsync(Owner, workspace.Id, new TeamMemberInput(world.Id(Persona.Stranger), "", "CTO", "", 10)));
        // The cohort's instructor reads the workspace but is no member of it.
        var instructor = await Assert.ThrowsAsync<InputRejectedException>(() => Team.CreateAsync(Owner, workspace.Id, new TeamMemberInput(world.Id(Persona.CohortInstructor), "", "CTO", "", 10)));
        var named = await Team.CreateAsync(Owner, workspace.Id, Named("Cleo"));
        var renamedToBo = await Assert.ThrowsAsync<InputRejectedException>(() => Team.UpdateAsync(Owner, workspace.Id, named.Id, new TeamMemberInput(editor, "", "CTO", "", 10), named.Version));
        var kept = await Team.UpdateAsync(Owner, workspace.Id, bo.Id, bo.ToInput() with { Role = "Growth and partnerships" }, bo.Version);

        Assert.Equal((editor, "Editor", "Sales"), (bo.UserId, bo.Name, bo.Role));
        Assert.Equal(("UserId", "Team.Error.AlreadyOnTeam"), (twice.Errors[0].Field, twice.Errors[0].MessageKey));
        Assert.Equal("Team.Error.NotAMember", stranger.Errors[0].MessageKey);
        Assert.Equal("Team.Error.NotAMember", instructor.Errors[0].MessageKey);
        Assert.Equal("Team.Error.AlreadyOnTeam", renamedToBo.Errors[0].MessageKey);
        Assert.Equal(("Growth and partnerships", false), (kept.Role, kept.IsSuggestedRole));
        Assert.Equal(["Editor", "Cleo"], (await Team.ListAsync(Owner, workspace.Id))!.Select(p => p.Name));
    }

    [Fact]
    public async Task A_team_holds_at_most_thirty_people_and_a_skill_and_its_level_must_exist()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < TeamMember.MaxPerWorkspace; i++)
        {
            await Team.CreateAsync(Owner, workspace.Id, Named($"Person {i}"));
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Team.CreateAsync(Owner, workspace.Id, Named("One too many")));
        var first = (await Team.ListAsync(Owner, workspace.Id))![0];
        var badSkill = await Assert.ThrowsAsync<InputRejectedException>(() => Team.SetSkillAsync(Owner, workspace.Id, first.Id, "Juggling", 2, first.Version));
        var badLevel = await Assert.ThrowsAsync<InputRejectedException>(() => Team.SetSkillAsync(Owner, workspace.Id, first.Id, "Data", 4, first.Version));
        var badGap = await Assert.ThrowsAsync<InputRejectedException>(() => Team.CreateHiringTaskAsync(Owner, workspace.Id, "Juggling"));

        Assert.Equal(("Name", "Team.Error.TooMany", 30), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        Assert.Equal(30, (await Team.ListAsync(Owner, workspace.Id))!.Count);
        Assert.Equal("Skill:Team.Error.UnknownSkill", $"{badSkill.Errors[0].Field}:{badSkill.Errors[0].MessageKey}");
        Assert.Equal(("Level", "Team.Error.Level", 3), (badLevel.Errors[0].Field, badLevel.Errors[0].MessageKey, (int)badLevel.Errors[0].Arguments[0]));
        Assert.Equal("Team.Error.UnknownSkill", badGap.Errors[0].MessageKey);
        Assert.Equal(0, await CountAsync<RoadmapTask>(workspace.Id));
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_the_current_person_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var read = await Team.CreateAsync(Owner, workspace.Id, Named("Ada"));
        var bos = await Team.SetSkillAsync(world.Id(Persona.Editor)!, workspace.Id, read.Id, "MlResearch", 3, read.Version);

        var skill = await Assert.ThrowsAsync<ConcurrencyConflictException<TeamMemberView>>(() => Team.SetSkillAsync(Owner, workspace.Id, read.Id, "MlResearch", 1, read.Version));
        var details = await Assert.ThrowsAsync<ConcurrencyConflictException<TeamMemberView>>(() => Team.UpdateAsync(Owner, workspace.Id, read.Id, Named("Ada L."), read.Version));

        Assert.All([skill.Current, details.Current], current => Assert.Equal(("Ada", 3, bos.Version), (current.Name, current.Level("MlResearch"), current.Version)));
        var stored = Assert.Single((await Team.ListAsync(Owner, workspace.Id))!);
        Assert.Equal(("Ada", 3, bos.Version), (stored.Name, stored.Level("MlResearch"), stored.Version));
        Assert.NotEqual(read.Version, bos.Version);
    }

    [Fact]
    public async Task A_level_set_replaced_and_set_back_to_none_leaves_one_cell_and_gives_a_new_version_each_time()
    {
        var workspace = await world.NewWorkspaceAsync();
        var ada = await Team.CreateAsync(Owner, workspace.Id, Named("Ada"));

        var one = await Team.SetSkillAsync(Owner, workspace.Id, ada.Id, "Backend", 1, ada.Version);
        var two = await Team.SetSkillAsync(Owner, workspace.Id, ada.Id, "Backend", 2, one.Version);
        var data = await Team.SetSkillAsync(Owner, workspace.Id, ada.Id, "Data", 3, two.Version);
        var none = await Team.SetSkillAsync(Owner, workspace.Id, ada.Id, "Backend", 0, data.Version);

        Assert.Equal([new TeamSkillView("Backend", 1)], one.Skills);
        Assert.Equal([new TeamSkillView("Data", 3), new TeamSkillView("Backend", 2)], data.Skills);
        Assert.Equal([new TeamSkillView("Data", 3)], none.Skills);
        Assert.Equal(5, new[] { ada.Version, one.Version, two.Version, data.Version, none.Version }.Distinct().Count());
        Assert.Equal(none.Skills, Assert.Single((await Team.ListAsync(Owner, workspace.Id))!).Skills);
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Set<TeamSkill>().CountAsync(s => s.TeamMemberId == ada.Id));
    }

    [Fact]
    public async Task A_gap_becomes_one_hiring_task_at_the_end_of_the_to_do_column_in_the_reader_s_language()
    {
        using var culture = new CultureScope("en");
        var workspace = await world.NewWorkspaceAsync();
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.AddRange(
                new RoadmapTask { WorkspaceId = workspace.Id, Title = "Talk to ten mills", Status = RoadmapTaskStatus.ToDo, Position = 0 },
                new RoadmapTask { WorkspaceId = workspace.Id, Title = "Ship the pilot", Status = RoadmapTaskStatus.Doing, Position = 0 },
                // A finished task of the same title does not stop a new one.
                new RoadmapTask { WorkspaceId = workspace.Id, Title = "Hire or train: Legal & compliance", Status = RoadmapTaskStatus.Done, Position = 0 });
            await db.SaveChangesAsync();
        }

        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);
        var task = await Team.CreateHiringTaskAsync(Owner, workspace.Id, "LegalCompliance");
        var again = await Team.CreateHiringTaskAsync(world.Id(Persona.Editor)!, workspace.Id, "LegalCompliance");
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var chinese = await Team.CreateHiringTaskAsync(Owner, workspace.Id, "Sales");

        Assert.Equal(("Hire or train: Legal & compliance", $"/w/{workspace.Slug}/roadmap", false), (task.Title, task.Link, task.Existed));
        Assert.Equal((task.Id, true), (again.Id, again.Existed));
        Assert.Equal("招聘或培训：销售", chinese.Title);
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.Set<RoadmapTask>().Where(t => t.WorkspaceId == workspace.Id && t.Status == RoadmapTaskStatus.ToDo).OrderBy(t => t.Position).ToListAsync();
            Assert.Equal([("Talk to ten mills", 0), ("Hire or train: Legal & compliance", 1), ("招聘或培训：销售", 2)], stored.Select(t => (t.Title, t.Position)));
            Assert.Contains("None", stored[1].Description, StringComparison.Ordinal);
        }

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == RoadmapService.Topic) == 2);
        Assert.Equal([task.Id, chinese.Id], changes.Where(c => c.Topic == RoadmapService.Topic).Select(c => Assert.IsType<RoadmapChanges>(c.Changes).Tasks.Single().Id));
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(2, activity.Count(a => a.Kind == "roadmap.task"));
    }

    [Fact]
    public async Task A_gap_becomes_one_open_team_risk_with_a_mitigation_in_the_reader_s_language()
    {
        using var culture = new CultureScope("en");
        var workspace = await world.NewWorkspaceAsync();
        var risks = world.Services.GetRequiredService<RiskService>();

        var risk = await Team.CreateGapRiskAsync(Owner, workspace.Id, "Finance");
        var again = await Team.CreateGapRiskAsync(Owner, workspace.Id, "Finance");
        var stored = Assert.Single((await risks.ListAsync(Owner, workspace.Id))!);
        await risks.UpdateAsync(Owner, workspace.Id, stored.Id, stored.ToInput() with { Status = RiskStatus.Closed }, stored.Version);
        var afterClosing = await Team.CreateGapRiskAsync(Owner, workspace.Id, "Finance");

        Assert.Equal(("Skill gap: Finance", $"/w/{workspace.Slug}/risks", false), (risk.Title, risk.Link, risk.Existed));
        Assert.Equal((risk.Id, true), (again.Id, again.Existed));
        Assert.Equal((RiskCategory.Team, "Skill gap: Finance", TeamService.GapRiskLikelihood, TeamService.GapRiskImpact, RiskStatus.Open), (stored.Category, stored.Title, stored.Likelihood, stored.Impact, stored.Status));
        Assert.Contains("Finance", stored.Mitigation, StringComparison.Ordinal);
        Assert.False(afterClosing.Existed);
        Assert.Equal(2, (await risks.ListAsync(Owner, workspace.Id))!.Count);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_the_person_with_the_new_version_or_the_id_removed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var ada = await Team.CreateAsync(Owner, workspace.Id, Named("Ada"));
        var updated = await Team.UpdateAsync(Owner, workspace.Id, ada.Id, Named("Ada L."), ada.Version);
        var skilled = await Team.SetSkillAsync(Owner, workspace.Id, ada.Id, "Design", 2, updated.Version);
        await Team.DeleteAsync(Owner, workspace.Id, ada.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == TeamService.Topic) == 4);
        var carried = changes.Where(c => c.Topic == TeamService.Topic).Select(c => Assert.IsType<ItemChanges<TeamMemberView>>(c.Changes)).ToList();
        Assert.Equal([ada, updated, skilled], carried.Take(3).Select(c => Assert.Single(c.Upserted)), new ViewComparer());
        Assert.Equal(ada.Id, Assert.Single(carried[3].Removed));
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [("team.member.deleted", "Ada L."), ("team.skills", "Ada L."), ("team.member", "Ada L."), ("team.member", "Ada")],
            activity.Where(a => a.Kind.StartsWith("team.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("team.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/team", a.Link));
    }

    [Fact]
    public async Task The_dashboard_counts_people_and_gaps_and_the_plan_escapes_what_the_team_wrote()
    {
        using var culture = new CultureScope("en");
        var staffed = await world.NewWorkspaceAsync();
        var empty = await world.NewWorkspaceAsync();
        var ada = await Team.CreateAsync(Owner, staffed.Id, new TeamMemberInput(null, "Ada [me](https://evil.example) | <b>", "Head of <i>things</i>", "Line one\nLine two", 30));
        ada = await Team.SetSkillAsync(Owner, staffed.Id, ada.Id, "MlResearch", 3, ada.Version);
        ada = await Team.SetSkillAsync(Owner, staffed.Id, ada.Id, "Data", 1, ada.Version);
        await Team.CreateAsync(Owner, staffed.Id, new TeamMemberInput(world.Id(Persona.Editor), "", "Sales", "", 20));

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<TeamCountColumn>().Single();
        var cells = await column.GetAsync([staffed.Id, empty.Id], CancellationToken.None);
        var markdown = await world.Services.GetServices<IPlanSection>().OfType<TeamPlanSection>().Single().ToMarkdownAsync(Owner, staffed.Id, CancellationToken.None);
        var atAGlance = await world.Services.GetRequiredService<CohortDashboardService>().GetWorkspaceFiguresAsync(Owner, staffed.Id);

        Assert.Equal("2 · 8", cells[staffed.Id].Text);
        Assert.False(cells.ContainsKey(empty.Id));
        Assert.Equal("2 · 8", atAGlance.Single(f => f.TitleKey == "Dashboard.TeamPeople").Cell!.Text);
        Assert.Contains("| Ada \\[me\\](https://evil.example) \\| &lt;b&gt; | Head of &lt;i&gt;things&lt;/i&gt; | Line one Line two | 30 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Editor | Sales lead |  | 20 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Nobody is full-time (35 hours a week or more).", markdown, StringComparison.Ordinal);
        Assert.Contains("- Data (best: Basic)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("- ML research", markdown, StringComparison.Ordinal);
    }

    private async Task<int> CountAsync<T>(Guid workspaceId)
        where T : class
    {
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return typeof(T) == typeof(RoadmapTask) ? await db.Set<RoadmapTask>().CountAsync(t => t.WorkspaceId == workspaceId) : throw new NotSupportedException();
    }

    /// <summary>Views compare by their values: the skill lists are lists, not the same instance.</summary>
    private sealed class ViewComparer : IEqualityComparer<TeamMemberView>
    {
        public bool Equals(TeamMemberView? x, TeamMemberView? y) =>
            x is not null && y is not null && x with { Skills = [] } == y with { Skills = [] } && x.Skills.SequenceEqual(y.Skills);

        public int GetHashCode(TeamMemberView obj) => obj.Id.GetHashCode();
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo before = CultureInfo.CurrentUICulture;

        public CultureScope(string culture) => CultureInfo.CurrentUICulture = new(culture);

        public void Dispose() => CultureInfo.CurrentUICulture = before;
    }
}
