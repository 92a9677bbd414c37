using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Risks;

public sealed class RiskServiceTests(WorkspaceWorld world) : RiskServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class RiskServiceTestsOnPostgres(PostgresWorkspaceWorld world) : RiskServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class RiskServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private RiskService Risks => world.Services.GetRequiredService<RiskService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static RiskInput Input(string title = "Model misses 95% recall", int likelihood = 4, int impact = 5) =>
        new(RiskCategory.TechnicalAlgorithm, title, "", likelihood, impact, null, "Human review below 0.8 confidence", null, RiskStatus.Open, 2, 5);

    [Theory]
    [InlineData(1, 1, RiskBand.Low)]
    [InlineData(2, 2, RiskBand.Low)]
    [InlineData(1, 5, RiskBand.Medium)]
    [InlineData(3, 3, RiskBand.Medium)]
    [InlineData(2, 5, RiskBand.High)]
    [InlineData(4, 4, RiskBand.High)]
    [InlineData(4, 5, RiskBand.Critical)]
    [InlineData(5, 5, RiskBand.Critical)]
    public void Scores_fall_in_the_guide_s_bands(int likelihood, int impact, RiskBand band) =>
        Assert.Equal(band, RiskScore.Band(RiskScore.Of(likelihood, impact)));

    [Fact]
    public void The_heat_map_counts_each_likelihood_and_impact_in_its_cell()
    {
        var cells = RiskScore.HeatMap([(4, 5), (4, 5), (1, 1), (6, 1)]);

        Assert.Equal(2, cells[3, 4]);
        Assert.Equal(1, cells[0, 0]);
        Assert.Equal(3, cells.Cast<int>().Sum());
    }

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Create_edit_and_delete_risks_by_role(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var existing = await Risks.CreateAsync(Owner, workspace.Id, Input("Existing"));

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Risks.CreateAsync(user, workspace.Id, Input("New"))),
            await AccessOutcome.OfAsync(() => Risks.UpdateAsync(user, workspace.Id, existing.Id, Input("Edited"), existing.Version)),
            await AccessOutcome.OfAsync(() => Risks.DeleteAsync(user, workspace.Id, existing.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        Assert.Equal(allowed ? ["New"] : ["Existing"], (await Risks.ListAsync(Owner, workspace.Id))!.Select(r => r.Title));
        Assert.Equal(persona is Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous, await Risks.ListAsync(world.Id(persona), workspace.Id) is null);
    }

    [Fact]
    public async Task Invalid_risks_are_refused_field_by_field()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bad = Input("") with { Likelihood = 6, ResidualImpact = 5, Impact = 2, OwnerUserId = world.Id(Persona.Stranger) };

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Risks.CreateAsync(Owner, workspace.Id, bad));

        Assert.Equal(
            [("Title", "Validation.RequiredField"), ("Likelihood", "Risk.Error.Scale"), ("ResidualImpact", "Risk.Error.ResidualAbove"), ("OwnerUserId", "Risk.Error.OwnerNotMember")],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Empty((await Risks.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_the_current_risk()
    {
        var workspace = await world.NewWorkspaceAsync();
        var risk = await Risks.CreateAsync(Owner, workspace.Id, Input());
        await Risks.UpdateAsync(world.Id(Persona.Editor)!, workspace.Id, risk.Id, Input("Renamed by Bo"), risk.Version);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException<RiskView>>(() => Risks.UpdateAsync(Owner, workspace.Id, risk.Id, Input("Renamed by Ada"), risk.Version));

        Assert.Equal("Renamed by Bo", conflict.Current.Title);
    }

    [Fact]
    public async Task Each_change_tells_open_registers_the_risk_with_its_new_version_or_the_id_removed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var created = await Risks.CreateAsync(Owner, workspace.Id, Input("Created") with { OwnerUserId = world.Id(Persona.Editor) });
        var updated = await Risks.UpdateAsync(Owner, workspace.Id, created.Id, Input("Updated") with { OwnerUserId = world.Id(Persona.Editor) }, created.Version);
        await Risks.DeleteAsync(Owner, workspace.Id, created.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == RiskService.Topic) == 3);
        var carried = changes.Where(c => c.Topic == RiskService.Topic).Select(c => Assert.IsType<ItemChanges<RiskView>>(c.Changes)).ToList();
        Assert.Equal([created, updated], carried.Take(2).Select(c => Assert.Single(c.Upserted)));
        Assert.NotEqual("", updated.OwnerName);
        Assert.Equal([created.Id], carried[2].Removed);
        Assert.Empty(carried[2].Upserted);
    }

    [Fact]
    public async Task Csv_round_trips_and_malformed_rows_are_reported_by_line()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Risks.CreateAsync(Owner, workspace.Id, Input("=HYPERLINK(\"x\") \"quoted\", with comma") with { OwnerUserId = world.Id(Persona.Editor), ReviewDate = new DateOnly(2027, 1, 31) });
        var csv = (await Risks.ExportCsvAsync(Owner, workspace.Id))!;
        Assert.Contains("\"'=HYPERLINK", csv, StringComparison.Ordinal);

        var other = await world.NewWorkspaceAsync();
        var broken = csv + "Nonsense,Title,,3,3,,,,Open,3,3\r\nTeam,Too few columns\r\nTeam,Bad number,,x,3,,,,Open,3,3\r\nTeam,Bad date,,3,3,,,31/01/2027,Open,3,3\r\nTeam,Fine,,3,3,,,,Open,2,2\r\n";
        var result = await Risks.ImportCsvAsync(Owner, other.Id, broken);

        Assert.Equal(2, result.Added);
        Assert.Equal([(3, "Risk.Csv.Category"), (4, "Risk.Csv.Columns"), (5, "Risk.Csv.Number"), (6, "Risk.Csv.Date")], result.Errors.Select(e => (e.Line, e.MessageKey)));
        var imported = (await Risks.ListAsync(Owner, other.Id))!.Single(r => r.Title.StartsWith("=HYPERLINK", StringComparison.Ordinal));
        Assert.Equal(("=HYPERLINK(\"x\") \"quoted\", with comma", world.Id(Persona.Editor), new DateOnly(2027, 1, 31), 4, 5), (imported.Title, imported.OwnerUserId, imported.ReviewDate, imported.Likelihood, imported.Impact));
    }

    [Fact]
    public async Task A_starter_risk_is_added_with_its_suggested_scores()
    {
        var workspace = await world.NewWorkspaceAsync();
        var starter = RiskService.Starters.Single(s => s.Key == "ApiDependency");

        var added = await Risks.AddStarterAsync(Owner, workspace.Id, starter, "API dependency", "Keep a fallback");

        Assert.Equal((RiskCategory.TechnicalAlgorithm, 3, 4, RiskBand.High, RiskStatus.Open), (added.Category, added.Likelihood, added.Impact, added.Band, added.Status));
        Assert.True(RiskService.Starters.Count >= 10);
        Assert.Equal(RiskService.Starters.Count, RiskService.Starters.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public async Task A_starter_risk_clicked_twice_or_by_two_people_at_once_is_added_once()
    {
        var workspace = await world.NewWorkspaceAsync();
        var starter = RiskService.Starters.Single(s => s.Key == "ApiDependency");
        var editor = world.Id(Persona.Editor)!;

        var outcomes = await Task.WhenAll(
            AddedOrRefusal(() => Risks.AddStarterAsync(Owner, workspace.Id, starter, "API dependency", "Keep a fallback")),
            AddedOrRefusal(() => Risks.AddStarterAsync(editor, workspace.Id, starter, "API dependency", "Keep a fallback")));
        var again = await Assert.ThrowsAsync<InputRejectedException>(() => Risks.AddStarterAsync(Owner, workspace.Id, starter, "API dependency", "Keep a fallback"));

        Assert.Equal(["added", "Risk.Error.StarterAdded"], outcomes.Order());
        Assert.Equal("Risk.Error.StarterAdded", again.Errors[0].MessageKey);
        Assert.Single((await Risks.ListAsync(Owner, workspace.Id))!, r => r.Title == "API dependency");
    }

    private static async Task<string> AddedOrRefusal(Func<Task> add)
    {
        try
        {
            await add();
            return "added";
        }
        catch (InputRejectedException refused)
        {
            return refused.Errors[0].MessageKey;
        }
    }

    [Fact]
    public async Task Overdue_reviews_are_flagged_until_the_risk_is_closed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var today = new DateOnly(2027, 5, 1);
        var risk = await Risks.CreateAsync(Owner, workspace.Id, Input() with { ReviewDate = today.AddDays(-1) });

        Assert.True(risk.IsReviewOverdue(today));
        Assert.False((risk with { Status = RiskStatus.Closed }).IsReviewOverdue(today));
        Assert.False((risk with { ReviewDate = today }).IsReviewOverdue(today));
    }
}
