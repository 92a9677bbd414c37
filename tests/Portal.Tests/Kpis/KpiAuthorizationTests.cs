using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Kpis;
using Portal.Features.Workspaces;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Kpis;

/// <summary>Each persona against each KPI operation: members and the cohort's instructors read, owners and editors change.</summary>
public sealed class KpiAuthorizationTests(WorkspaceWorld world) : KpiAuthorizationChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KpiAuthorizationTestsOnPostgres(PostgresWorkspaceWorld world) : KpiAuthorizationChecks<PostgresWorkspaceWorld>(world);

public abstract class KpiAuthorizationChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private KpiService Kpis => world.Services.GetRequiredService<KpiService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static DateOnly Today => KpiTestData.Today;

    [Theory]
    [MemberData(nameof(AccessExpectations.Readers), MemberType = typeof(AccessExpectations))]
    public async Task Read_the_kpis_and_their_measurements(Persona persona, bool allowed)
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        var list = await Kpis.ListAsync(world.Id(persona), workspace.Id);
        var one = await Kpis.GetAsync(world.Id(persona), workspace.Id, kpi.Id);

        Assert.Equal(allowed ? 1 : 0, list.Count);
        Assert.Equal(allowed, one is not null);
        Assert.Equal(allowed ? 1 : 0, one?.Measurements.Count ?? 0);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Create_a_kpi(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();

        var outcome = await OutcomeAsync(() => Kpis.CreateAsync(world.Id(persona) ?? "", workspace.Id, KpiTestData.Input(Owner)));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed ? 1 : 0, (await Kpis.ListAsync(Owner, workspace.Id)).Count);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Edit_a_kpi(Persona persona, bool allowed)
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        var outcome = await OutcomeAsync(() => Kpis.UpdateAsync(world.Id(persona) ?? "", workspace.Id, kpi.Id, kpi.ToInput() with { Name = "Renamed" }, kpi.Version));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed ? "Renamed" : kpi.Name, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Name);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Delete_a_kpi(Persona persona, bool allowed)
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        var outcome = await OutcomeAsync(() => Kpis.DeleteAsync(world.Id(persona) ?? "", workspace.Id, kpi.Id, kpi.Version));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed, await Kpis.GetAsync(Owner, workspace.Id, kpi.Id) is null);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Log_a_measurement(Persona persona, bool allowed)
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        var outcome = await OutcomeAsync(() => Kpis.AddMeasurementAsync(world.Id(persona) ?? "", workspace.Id, kpi.Id, Today, 30));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed ? 2 : 1, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements.Count);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Import_measurements(Persona persona, bool allowed)
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        var outcome = await OutcomeAsync(() => Kpis.ImportMeasurementsAsync(world.Id(persona) ?? "", workspace.Id, kpi.Id, $"{Today:yyyy-MM-dd},30\n{Today.AddDays(-2):yyyy-MM-dd},25"));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed ? 3 : 1, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements.Count);
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Remove_a_measurement(Persona persona, bool allowed)
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        var outcome = await OutcomeAsync(() => Kpis.DeleteMeasurementAsync(world.Id(persona) ?? "", workspace.Id, kpi.Id, Today.AddDays(-1)));

        Assert.Equal(Expected(persona, allowed), outcome);
        Assert.Equal(allowed ? 0 : 1, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!.Measurements.Count);
    }

    [Fact]
    public async Task Invalid_input_from_a_stranger_reveals_nothing_about_the_workspace()
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();

        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => Kpis.CreateAsync(world.Id(Persona.Stranger)!, workspace.Id, KpiTestData.Input("") with { Name = "" }));
        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => Kpis.AddMeasurementAsync(world.Id(Persona.Stranger)!, workspace.Id, kpi.Id, Today.AddYears(5), double.NaN));
        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => Kpis.UpdateAsync(world.Id(Persona.Stranger)!, workspace.Id, Guid.NewGuid(), kpi.ToInput(), kpi.Version));
    }

    [Fact]
    public async Task An_archived_workspace_s_kpis_are_read_only_even_for_its_owner()
    {
        var (workspace, kpi) = await WorkspaceWithKpiAsync();
        await world.Workspaces.ArchiveAsync(Owner, workspace.Id);

        Assert.Single(await Kpis.ListAsync(Owner, workspace.Id));
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner)));
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Kpis.UpdateAsync(Owner, workspace.Id, kpi.Id, kpi.ToInput(), kpi.Version));
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today, 1));
        await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => Kpis.DeleteAsync(Owner, workspace.Id, kpi.Id, kpi.Version));
    }

    private async Task<(WorkspaceDetails Workspace, KpiView Kpi)> WorkspaceWithKpiAsync()
    {
        var workspace = await world.NewWorkspaceAsync();
        var kpi = await Kpis.CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner) with { StartDate = Today.AddDays(-10) });
        await Kpis.AddMeasurementAsync(Owner, workspace.Id, kpi.Id, Today.AddDays(-1), 22);
        return (workspace, (await Kpis.GetAsync(Owner, workspace.Id, kpi.Id))!);
    }

    private static string Expected(Persona persona, bool allowed) =>
        allowed ? "ok" : persona is Persona.Viewer or Persona.Editor or Persona.CohortInstructor ? "denied" : "not found";

    private static async Task<string> OutcomeAsync(Func<Task> action)
    {
        try
        {
            await action();
            return "ok";
        }
        catch (WorkspaceAccessDeniedException)
        {
            return "denied";
        }
        catch (WorkspaceNotFoundException)
        {
            return "not found";
        }
    }
}
