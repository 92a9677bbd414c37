using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Cohorts;

public sealed class RevokedInstructorTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    [Fact]
    public async Task An_instructor_whose_role_is_removed_no_longer_sees_the_cohort_or_its_workspaces()
    {
        var workspace = await world.NewWorkspaceAsync();
        var instructor = await TestUsers.CreateAsync(world.Services, "RevokedInstructor", PortalRoles.Instructor);
        var cohorts = world.Services.GetRequiredService<CohortService>();
        var cohort = await cohorts.CreateAsync(instructor, new CohortInput("Winter", new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 1), []));
        await world.Workspaces.JoinCohortAsync(world.Id(Persona.Owner)!, workspace.Id, cohort.JoinCode);
        var dashboard = world.Services.GetRequiredService<CohortDashboardService>();
        Assert.NotNull(await world.Workspaces.GetAccessAsync(instructor, workspace.Id));
        Assert.NotNull(await dashboard.GetAsync(instructor, cohort.Id));

        await using (var scope = world.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(instructor))!;
            Assert.True((await users.RemoveFromRoleAsync(user, PortalRoles.Instructor)).Succeeded);
        }

        Assert.Null(await world.Workspaces.GetAccessAsync(instructor, workspace.Id));
        Assert.False(await cohorts.IsInstructorOfAsync(instructor, cohort.Id));
        Assert.Null(await dashboard.GetAsync(instructor, cohort.Id));
        Assert.Null(await world.Workspaces.GetDetailsAsync(instructor, workspace.Id));
    }
}
