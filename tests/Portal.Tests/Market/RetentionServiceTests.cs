using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Market;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;
using Persona = Portal.Tests.Workspaces.Persona;

namespace Portal.Tests.Market;

public sealed class RetentionServiceTests(WorkspaceWorld world) : RetentionServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class RetentionServiceTestsOnPostgres(PostgresWorkspaceWorld world) : RetentionServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class RetentionServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    /// <summary>Two cohorts, listed out of order, and a row with more active users than signed up at line 3.</summary>
    public const string Sample = "cohort,size,m0,m1,m2\n2026-02,300,300,210\n2026-03,50,50,60\n2026年1月,100,100,60,45\n";

    private RetentionService Retention => world.Services.GetRequiredService<RetentionService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Importing_renaming_and_deleting_are_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var toRename = (await Retention.ImportAsync(Owner, workspace.Id, "To rename", Sample)).Set!;
        var toDelete = (await Retention.ImportAsync(Owner, workspace.Id, "To delete", Sample)).Set!;

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Retention.ImportAsync(user, workspace.Id, "Pasted", Sample)),
            await AccessOutcome.OfAsync(() => Retention.ImportAsync(user, workspace.Id, "Uploaded", new MemoryStream(Encoding.UTF8.GetBytes(Sample)))),
            await AccessOutcome.OfAsync(() => Retention.RenameAsync(user, workspace.Id, toRename.Id, "Renamed", toRename.Version)),
            await AccessOutcome.OfAsync(() => Retention.DeleteAsync(user, workspace.Id, toDelete.Id, toDelete.Version)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Retention.ListAsync(Owner, workspace.Id))!.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(allowed ? ["Pasted", "Renamed", "Uploaded"] : ["To delete", "To rename"], stored);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Retention.ListAsync(world.Id(persona), workspace.Id) is { Count: > 0 });
        Assert.Equal(reads, (await Retention.GetAsync(world.Id(persona), workspace.Id, toRename.Id))?.Set.Id == toRename.Id);
    }

    [Fact]
    public async Task The_good_cohorts_are_stored_as_json_sorted_and_analysed_and_the_bad_row_is_reported_by_line_and_kept_out()
    {
        var workspace = await world.NewWorkspaceAsync();

        var imported = await Retention.ImportAsync(Owner, workspace.Id, "  Spring sign-ups  ", Sample);

        Assert.Null(imported.Refusal);
        Assert.Equal(("Spring sign-ups", 2, 3), (imported.Set!.Name, imported.Set.Cohorts, imported.Set.Months));
        var bad = Assert.Single(imported.BadRows);
        Assert.Equal((3, "Retention.Csv.AboveSize"), (bad.Line, bad.MessageKey));

        var details = (await Retention.GetAsync(Owner, workspace.Id, imported.Set.Id))!;
        Assert.Equal(["2026-01", "2026-02"], details.Analysis.Rows.Select(r => r.Cohort));
        // Month 1: (60 + 210) / 400 = 67.5 %; month 2 only 2026-01: 45 %; churn = 1 − (45 / 100)^(1/2).
        Assert.Equal([100, 67.5, 45], details.Analysis.Average.Select(a => a.Percent));
        Assert.Equal(100 * (1 - Math.Sqrt(0.45)), details.Analysis.MonthlyChurnPercent!.Value, 1e-9);

        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.Set<RetentionCohortSet>().SingleAsync(s => s.Id == imported.Set.Id);
        Assert.Equal("[{\"cohort\":\"2026-01\",\"size\":100,\"active\":[100,60,45]},{\"cohort\":\"2026-02\",\"size\":300,\"active\":[300,210]}]", row.CohortsJson);
        Assert.Equal(Owner, row.CreatedById);
    }

    [Fact]
    public async Task A_refused_file_stores_nothing_and_says_why_with_the_rows_it_could_not_read()
    {
        var workspace = await world.NewWorkspaceAsync();

        var noRows = await Retention.ImportAsync(Owner, workspace.Id, "Bad", "cohort,size,m0\n2026-01,ten,10\n");
        var tooLarge = await Retention.ImportAsync(Owner, workspace.Id, "Big", new MemoryStream(new byte[RetentionCsv.MaxBytes + 1]));
        var tooManyMonths = await Retention.ImportAsync(Owner, workspace.Id, "Long", "cohort,month,active\n2026-01,0,5\n2026-01,75,1\n");

        Assert.Equal(("Retention.Csv.NoRows", 2), (noRows.Refusal?.MessageKey, Assert.Single(noRows.BadRows).Line));
        Assert.Equal(("Csv", "Retention.Csv.TooLarge", 1024), (tooLarge.Refusal?.Field, tooLarge.Refusal?.MessageKey, (int)tooLarge.Refusal!.Arguments[0]));
        Assert.Equal(("Retention.Csv.MonthTooLate", RetentionCohortSet.MaxMonths), (tooManyMonths.Refusal?.MessageKey, (int)tooManyMonths.Refusal!.Arguments[0]));
        Assert.All([noRows, tooLarge, tooManyMonths], result => Assert.Null(result.Set));
        Assert.Empty((await Retention.ListAsync(Owner, workspace.Id))!);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.DoesNotContain(activity, a => a.Kind.StartsWith("market.retention", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_is_required_and_short_and_a_refused_name_reads_nothing()
    {
        var workspace = await world.NewWorkspaceAsync();
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(Sample));

        var blank = await Assert.ThrowsAsync<InputRejectedException>(() => Retention.ImportAsync(Owner, workspace.Id, " ", stream));
        var tooLong = await Assert.ThrowsAsync<InputRejectedException>(() => Retention.ImportAsync(Owner, workspace.Id, new string('n', RetentionCohortSet.NameMaxLength + 1), Sample));
        var set = (await Retention.ImportAsync(Owner, workspace.Id, "Kept", Sample)).Set!;
        var renamedBlank = await Assert.ThrowsAsync<InputRejectedException>(() => Retention.RenameAsync(Owner, workspace.Id, set.Id, "", set.Version));

        Assert.Equal(("Name", "Validation.RequiredField"), (blank.Errors[0].Field, blank.Errors[0].MessageKey));
        Assert.Equal(("Name", "Validation.TooLong", RetentionCohortSet.NameMaxLength), (tooLong.Errors[0].Field, tooLong.Errors[0].MessageKey, (int)tooLong.Errors[0].Arguments[0]));
        Assert.Equal("Validation.RequiredField", renamedBlank.Errors[0].MessageKey);
        Assert.Equal(0, stream.Position);
        Assert.Equal("Kept", Assert.Single((await Retention.ListAsync(Owner, workspace.Id))!).Name);
    }

    [Fact]
    public async Task A_workspace_holds_at_most_ten_sets()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < RetentionCohortSet.MaxPerWorkspace; i++)
        {
            await Retention.ImportAsync(Owner, workspace.Id, $"Set {i}", "cohort,size,m0\n2026-01,5,5\n");
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Retention.ImportAsync(Owner, workspace.Id, "One too many", "cohort,size,m0\n2026-01,5,5\n"));

        Assert.Equal(("Csv", "Retention.Error.TooMany", 10), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        Assert.Equal(10, (await Retention.ListAsync(Owner, workspace.Id))!.Count);
    }

    [Fact]
    public async Task A_stale_rename_or_delete_is_refused_with_the_current_set_and_a_set_of_another_workspace_is_not_found()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();
        var read = (await Retention.ImportAsync(Owner, workspace.Id, "Spring", Sample)).Set!;
        var bos = await Retention.RenameAsync(world.Id(Persona.Editor)!, workspace.Id, read.Id, "Spring, by Bo", read.Version);

        var renameConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<RetentionSetView>>(() => Retention.RenameAsync(Owner, workspace.Id, read.Id, "Spring, by Ada", read.Version));
        var deleteConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<RetentionSetView>>(() => Retention.DeleteAsync(Owner, workspace.Id, read.Id, read.Version));
        var elsewhere = await Assert.ThrowsAsync<InputRejectedException>(() => Retention.DeleteAsync(Owner, other.Id, read.Id, bos.Version));

        Assert.Equal(("Spring, by Bo", bos.Version), (renameConflict.Current.Name, renameConflict.Current.Version));
        Assert.Equal(("Spring, by Bo", bos.Version), (deleteConflict.Current.Name, deleteConflict.Current.Version));
        Assert.NotEqual(read.Version, bos.Version);
        Assert.Equal(RetentionService.NoSetKey, elsewhere.Errors[0].MessageKey);
        Assert.Null(await Retention.GetAsync(Owner, other.Id, read.Id));
        Assert.Equal("Spring, by Bo", (await Retention.GetAsync(Owner, workspace.Id, read.Id))!.Set.Name);

        // With the current version, the delete goes through.
        await Retention.DeleteAsync(Owner, workspace.Id, read.Id, bos.Version);
        Assert.Empty((await Retention.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_the_set_or_the_id_removed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var imported = (await Retention.ImportAsync(Owner, workspace.Id, "Spring", Sample)).Set!;
        var renamed = await Retention.RenameAsync(Owner, workspace.Id, imported.Id, "Spring 2026", imported.Version);
        await Retention.DeleteAsync(Owner, workspace.Id, imported.Id, renamed.Version);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == MarketTopics.Retention) == 3);
        var carried = changes.Where(c => c.Topic == MarketTopics.Retention).Select(c => Assert.IsType<ItemChanges<RetentionSetView>>(c.Changes)).ToList();
        Assert.Equal([imported, renamed], carried.Take(2).Select(c => Assert.Single(c.Upserted)));
        Assert.Equal(imported.Id, Assert.Single(carried[2].Removed));

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        var sets = activity.Where(a => a.Kind.StartsWith("market.retention", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [("market.retention.deleted", "Spring 2026"), ("market.retention.renamed", "Spring 2026"), ("market.retention.imported", "Spring")],
            sets.Select(a => (a.Kind, a.Subject)));
        Assert.All(sets, a => Assert.Equal($"/w/{workspace.Slug}/market", a.Link));
    }
}
