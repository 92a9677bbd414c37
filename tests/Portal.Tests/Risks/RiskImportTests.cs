using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Risks;

/// <summary>Issue 12, finding 6: a large risk CSV is read whole, then stored in one write that respects the register's limit.</summary>
public sealed class RiskImportTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private RiskService Risks => world.Services.GetRequiredService<RiskService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task A_full_register_s_worth_is_stored_with_one_save_and_announced_as_one_change()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);
        var small = await QueriesForAsync(await world.NewWorkspaceAsync(), rows: 5);

        RiskImportResult result;
        using (var counter = new SqlCommandCounter())
        {
            result = await Risks.ImportCsvAsync(Owner, workspace.Id, CsvOf(Risk.MaxPerWorkspace));
            Assert.Equal(1, counter.Saves);
            // SQLite takes one INSERT per row inside the one transaction; everything else is the same for 5 rows as for 500.
            Assert.Equal(Risk.MaxPerWorkspace, counter.Commands.Count(IsRiskInsert));
            Assert.Equal(small, counter.Commands.Count(c => !IsRiskInsert(c)));
        }

        Assert.Equal((Risk.MaxPerWorkspace, 0), (result.Added, result.Errors.Count));
        Assert.Equal(Risk.MaxPerWorkspace, (await Risks.ListAsync(Owner, workspace.Id))!.Count);
        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Any(c => c.Topic == RiskService.Topic));
        await Task.Delay(200);
        var change = Assert.Single(changes, c => c.Topic == RiskService.Topic);
        Assert.Equal(Risk.MaxPerWorkspace, Assert.IsType<ItemChanges<RiskView>>(change.Changes).Upserted.Count);
    }

    [Fact]
    public async Task Eight_thousand_rows_are_refused_whole_with_the_register_s_limit_and_nothing_is_imported()
    {
        var workspace = await world.NewWorkspaceAsync();

        InputRejectedException refused;
        using (var counter = new SqlCommandCounter())
        {
            refused = await Assert.ThrowsAsync<InputRejectedException>(() => Risks.ImportCsvAsync(Owner, workspace.Id, CsvOf(8000)));
            Assert.Equal(0, counter.Saves);
            Assert.InRange(counter.Commands.Count, 1, 5);
        }

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Risk.Import.TooMany", error.MessageKey);
        Assert.Equal([8000, Risk.MaxPerWorkspace, Risk.MaxPerWorkspace], error.Arguments);
        Assert.Empty((await Risks.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task A_file_beyond_the_room_left_is_refused_whole_and_bad_rows_do_not_count()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Risks.CreateAsync(Owner, workspace.Id, new RiskInput(RiskCategory.Team, "Existing", "", 3, 3, null, "", null, RiskStatus.Open, 2, 2));

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Risks.ImportCsvAsync(Owner, workspace.Id, CsvOf(Risk.MaxPerWorkspace)));
        Assert.Equal([Risk.MaxPerWorkspace, Risk.MaxPerWorkspace - 1, Risk.MaxPerWorkspace], Assert.Single(refused.Errors).Arguments);
        Assert.Equal(["Existing"], (await Risks.ListAsync(Owner, workspace.Id))!.Select(r => r.Title));

        var fits = CsvOf(Risk.MaxPerWorkspace - 1) + "Team,Residual above,,2,2,,,,Open,3,3\r\n";
        var result = await Risks.ImportCsvAsync(Owner, workspace.Id, fits);
        Assert.Equal(Risk.MaxPerWorkspace - 1, result.Added);
        Assert.Equal((Risk.MaxPerWorkspace + 1, "Risk.Error.ResidualAbove"), (Assert.Single(result.Errors).Line, Assert.Single(result.Errors).MessageKey));
        Assert.Equal(Risk.MaxPerWorkspace, (await Risks.ListAsync(Owner, workspace.Id))!.Count);
    }

    private async Task<int> QueriesForAsync(WorkspaceDetails workspace, int rows)
    {
        using var counter = new SqlCommandCounter();
        await Risks.ImportCsvAsync(Owner, workspace.Id, CsvOf(rows));
        return counter.Commands.Count(c => !IsRiskInsert(c));
    }

    private static bool IsRiskInsert(string sql) => sql.Contains("INSERT INTO \"Risk\"", StringComparison.Ordinal);

    /// <summary>A CSV with a header and <paramref name="rows"/> short rows, about 35 bytes each as in the finding.</summary>
    internal static string CsvOf(int rows)
    {
        var csv = new StringBuilder(string.Join(',', RiskService.CsvColumns)).Append("\r\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append("Team,Risk number ").Append(i).Append(",,3,4,,,,Open,2,3\r\n");
        }

        return csv.ToString();
    }
}
