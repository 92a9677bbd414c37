using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Admin;
using Portal.Features.Cohorts;
using Portal.Features.Guide;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Cohorts;

public sealed class CohortTests(WorkspaceWorld world) : CohortChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CohortTestsOnPostgres(PostgresWorkspaceWorld world) : CohortChecks<PostgresWorkspaceWorld>(world);

public abstract class CohortChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private CohortService Cohorts => world.Services.GetRequiredService<CohortService>();

    private CohortDashboardService Dashboards => world.Services.GetRequiredService<CohortDashboardService>();

    [Fact]
    public async Task Only_instructors_create_cohorts_and_each_gets_a_distinct_join_code()
    {
        var input = new CohortInput("Winter", new DateOnly(2027, 1, 10), new DateOnly(2027, 3, 10), []);

        await Assert.ThrowsAsync<CohortAccessDeniedException>(() => Cohorts.CreateAsync(world.Id(Persona.Owner)!, input));
        var first = await Cohorts.CreateAsync(world.Id(Persona.CohortInstructor)!, input);
        var second = await Cohorts.CreateAsync(world.Id(Persona.CohortInstructor)!, input);

        Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", first.JoinCode);
        Assert.NotEqual(first.JoinCode, second.JoinCode);
        Assert.Contains(await Cohorts.ListForInstructorAsync(world.Id(Persona.CohortInstructor)!), c => c.Id == first.Id);
        Assert.DoesNotContain(await Cohorts.ListForInstructorAsync(world.Id(Persona.OtherInstructor)!), c => c.Id == first.Id);
    }

    [Fact]
    public async Task A_cohort_s_dates_and_extra_instructors_are_validated()
    {
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Cohorts.CreateAsync(
            world.Id(Persona.CohortInstructor)!,
            new CohortInput("", new DateOnly(2027, 3, 1), new DateOnly(2027, 1, 1), ["founder@example.com"])));

        Assert.Equal(["Validation.RequiredField", "Cohort.Error.EndsBeforeStart", "Cohort.Error.NotAnInstructor"], refused.Errors.Select(e => e.MessageKey));
    }

    [Fact]
    public async Task A_second_instructor_named_at_creation_sees_the_dashboard_too()
    {
        var otherEmail = await TestUsers.EmailOfAsync(world.Services, world.Id(Persona.OtherInstructor)!);
        var cohort = await Cohorts.CreateAsync(world.Id(Persona.CohortInstructor)!, new CohortInput("Shared", new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1), [otherEmail]));

        Assert.NotNull(await Dashboards.GetAsync(world.Id(Persona.OtherInstructor), cohort.Id));
    }

    [Fact]
    public async Task The_dashboard_shows_each_team_with_guide_progress_and_last_activity_to_its_instructors_only()
    {
        var workspace = await world.NewWorkspaceAsync();
        var cohortId = workspace.CohortId!.Value;
        var progress = world.Services.GetRequiredService<ReadingProgressService>();
        await progress.SaveAsync(world.Id(Persona.Owner)!, "business-model", 1.0);
        await progress.SaveAsync(world.Id(Persona.Owner)!, "team", 1.0);
        await progress.SaveAsync(world.Id(Persona.Editor)!, "team", 0.4);

        var dashboard = await Dashboards.GetAsync(world.Id(Persona.CohortInstructor), cohortId);

        var row = Assert.Single(dashboard!.Rows, r => r.WorkspaceId == workspace.Id);
        // The planning tools add their columns between these two.
        Assert.Equal("Dashboard.GuideProgress", dashboard.ColumnTitleKeys[0]);
        Assert.Equal("Dashboard.LastActivity", dashboard.ColumnTitleKeys[^1]);
        Assert.Equal(3, row.MemberCount);
        Assert.Equal(2.0 / 3, row.Cells[0]!.SortValue, precision: 6);
        Assert.NotNull(row.Cells[^1]);
        Assert.Equal("0 / 9", row.Cells[dashboard.ColumnTitleKeys.ToList().IndexOf("Dashboard.CanvasBlocks")]!.Text);
        foreach (var persona in new[] { Persona.Owner, Persona.OtherInstructor, Persona.Stranger, Persona.Anonymous })
        {
            Assert.Null(await Dashboards.GetAsync(world.Id(persona), cohortId));
        }
    }

    [Fact]
    public async Task An_unknown_join_code_is_refused_with_a_message()
    {
        var workspace = await world.NewWorkspaceAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => world.Workspaces.JoinCohortAsync(world.Id(Persona.Owner)!, workspace.Id, "NOPE1234"));

        Assert.Equal("Cohort.Error.UnknownCode", refused.Errors[0].MessageKey);
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => world.Workspaces.JoinCohortAsync(world.Id(Persona.Editor)!, workspace.Id, "NOPE1234"));
    }

    [Fact]
    public async Task Only_an_admin_grants_the_instructor_role()
    {
        var admin = await TestUsers.CreateAsync(world.Services, "admin", PortalRoles.Admin);
        var candidate = await TestUsers.CreateAsync(world.Services, "candidate", PortalRoles.Founder);
        var administration = world.Services.GetRequiredService<UserAdministrationService>();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => administration.SetInstructorAsync(world.Id(Persona.CohortInstructor)!, candidate, true));
        await administration.SetInstructorAsync(admin, candidate, true);

        var row = Assert.Single(await administration.SearchAsync(admin, "candidate"));
        Assert.True(row.IsInstructor);
        var cohort = await Cohorts.CreateAsync(candidate, new CohortInput("Granted", new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1), []));
        Assert.NotNull(cohort);
    }
}

public sealed class CohortExportTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_csv_export_is_for_the_cohort_s_instructors_only()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var instructorId = (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.InstructorEmail))!.Id;
        var cohort = await services.GetRequiredService<CohortService>().CreateAsync(instructorId, new CohortInput("Demo \"cohort\"", new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1), []));
        var founderId = (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderAEmail))!.Id;
        var workspaces = services.GetRequiredService<WorkspaceService>();
        var loomsight = (await workspaces.GetAccessAsync(founderId, DemoSeeder.WorkspaceSlug))!;
        await workspaces.JoinCohortAsync(founderId, loomsight.WorkspaceId, cohort.JoinCode);

        var instructor = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(instructor, DemoSeeder.InstructorEmail, DemoSeeder.Password);
        var csv = await instructor.GetAsync($"/cohorts/{cohort.Id}/dashboard.csv");
        var founder = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(founder, DemoSeeder.FounderAEmail, DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("\"团队\",\"成员数\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("\"Loomsight\",\"2\"", lines[1], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await founder.GetAsync($"/cohorts/{cohort.Id}/dashboard.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await founder.GetAsync($"/cohorts/{cohort.Id}")).StatusCode);

        // The instructor reads the team's workspace; the page itself does not offer editing.
        var page = await FormPoster.ParseAsync(await instructor.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}"));
        Assert.Equal("Loomsight", page.QuerySelector("[data-testid=workspace-title]")?.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=details-edit]"));
    }
}

public sealed class ProgressSeriesTests
{
    [Fact]
    public void The_series_counts_chapters_per_member_cumulatively_from_the_first_day()
    {
        var members = new HashSet<string> { "a", "b" };
        var start = new DateOnly(2027, 1, 1);
        (string, DateOnly)[] completions =
        [
            ("a", start.AddDays(-3)), // before the cohort began: counts from its first day
            ("a", start.AddDays(1)),
            ("b", start.AddDays(1)),
            ("c", start.AddDays(1)), // not in this team
            ("b", start.AddDays(3)),
        ];

        var series = CohortDashboardService.BuildSeries("Team", members, completions, start, start.AddDays(3));

        Assert.Equal([start, start.AddDays(1), start.AddDays(2), start.AddDays(3)], series.Days);
        Assert.Equal([0.5, 1.5, 1.5, 2.0], series.ChaptersPerMember);
    }
}
