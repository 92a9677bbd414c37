using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Activity;
using Portal.Features.Competitors;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Competitors;

public sealed class ComparisonServiceTests(WorkspaceWorld world) : ComparisonServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ComparisonServiceTestsOnPostgres(PostgresWorkspaceWorld world) : ComparisonServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class ComparisonServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private ComparisonService Comparison => world.Services.GetRequiredService<ComparisonService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_and_export_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var (us, them) = await TwoCompaniesAsync(workspace.Id);
        var toRename = await Comparison.AddRowAsync(Owner, workspace.Id, "To rename");
        var toHide = await Comparison.AddRowAsync(Owner, workspace.Id, "To hide");
        var toMove = await Comparison.AddRowAsync(Owner, workspace.Id, "To move");
        var toDelete = await Comparison.AddRowAsync(Owner, workspace.Id, "To delete");
        var toClear = await Comparison.SetCellAsync(Owner, workspace.Id, toRename.Id, them, new(CellKind.No), null);

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Comparison.AddRowAsync(user, workspace.Id, "New")),
            await AccessOutcome.OfAsync(() => Comparison.RenameRowAsync(user, workspace.Id, toRename.Id, "Renamed", toRename.Version)),
            await AccessOutcome.OfAsync(() => Comparison.SetHiddenAsync(user, workspace.Id, toHide.Id, true, toHide.Version)),
            await AccessOutcome.OfAsync(() => Comparison.MoveRowAsync(user, workspace.Id, toMove.Id, 0)),
            await AccessOutcome.OfAsync(() => Comparison.DeleteRowAsync(user, workspace.Id, toDelete.Id)),
            await AccessOutcome.OfAsync(() => Comparison.SetCellAsync(user, workspace.Id, toHide.Id, us, new(CellKind.Yes), null)),
            await AccessOutcome.OfAsync(() => Comparison.ClearCellAsync(user, workspace.Id, toRename.Id, them, toClear.Version)),
            await AccessOutcome.OfAsync(() => Comparison.ImportAsync(user, workspace.Id, "attribute,Acme\nImported,yes\n")),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Comparison.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(
            allowed ? ["To move", "Renamed", "To hide", "New", "Imported"] : ["To rename", "To hide", "To move", "To delete"],
            stored.Rows.Select(r => r.Name));
        Assert.Equal(allowed, stored.Rows.Single(r => r.Id == toHide.Id).Hidden);
        Assert.Equal(
            allowed ? [(toHide.Id, us, CellKind.Yes)] : [(toRename.Id, them, CellKind.No)],
            stored.Cells.Where(c => c.RowId != stored.Rows.FirstOrDefault(r => r.Name == "Imported")?.Id).Select(c => (c.RowId, c.CompetitorId, c.Kind)));

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Comparison.GetAsync(world.Id(persona), workspace.Id) is { Rows.Count: > 0 });
        Assert.Equal(reads, (await Comparison.ExportCsvAsync(world.Id(persona), workspace.Id))?.Contains("To hide", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_export_endpoint_serves_readers_a_utf8_file_and_everyone_else_a_404()
    {
        var workspace = await world.NewWorkspaceAsync();
        await TwoCompaniesAsync(workspace.Id);
        await Comparison.ImportAsync(Owner, workspace.Id, "attribute,Acme,Rival\nSpeech input,yes,no\n");
        var url = $"/w/{workspace.Slug}/competitors/matrix.csv";

        foreach (var (persona, reads) in new[] { (Persona.Viewer, true), (Persona.CohortInstructor, true), (Persona.OtherInstructor, false), (Persona.Stranger, false) })
        {
            using var client = await ClientAsync(persona);
            using var response = await client.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(reads ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(reads, Encoding.UTF8.GetString(bytes).Contains("\"Speech input\",\"yes\",\"no\"", StringComparison.Ordinal));
            if (reads)
            {
                Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
                Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
            }
        }

        using var anonymous = world.CreateBrowserClient();
        using var forAnonymous = await anonymous.GetAsync(url);
        Assert.DoesNotContain("Speech input", await forAnonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_save_of_a_cell_or_a_row_is_refused_with_what_is_stored_now_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (_, rival) = await TwoCompaniesAsync(workspace.Id);
        var editor = world.Id(Persona.Editor)!;
        var row = await Comparison.AddRowAsync(Owner, workspace.Id, "Price");

        // Both saw the cell unknown; Bo saves first.
        var bos = await Comparison.SetCellAsync(editor, workspace.Id, row.Id, rival, new(CellKind.Value, "$20 a month", "pricing page"), null);
        var unknownSeen = await Assert.ThrowsAsync<ConcurrencyConflictException<ComparisonCellView?>>(() =>
            Comparison.SetCellAsync(Owner, workspace.Id, row.Id, rival, new(CellKind.Yes), null));
        Assert.Equal(("$20 a month", "pricing page", bos.Version), (unknownSeen.Current!.Value, unknownSeen.Current.Note, unknownSeen.Current.Version));

        // Bo changes it again: Ada's save on the first version, and her clearing, are refused with Bo's latest.
        var again = await Comparison.SetCellAsync(editor, workspace.Id, row.Id, rival, new(CellKind.Partial, "", "only in the US"), bos.Version);
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException<ComparisonCellView?>>(() =>
            Comparison.SetCellAsync(Owner, workspace.Id, row.Id, rival, new(CellKind.No), bos.Version));
        var staleClear = await Assert.ThrowsAsync<ConcurrencyConflictException<ComparisonCellView?>>(() =>
            Comparison.ClearCellAsync(Owner, workspace.Id, row.Id, rival, bos.Version));
        Assert.All([stale.Current, staleClear.Current], current => Assert.Equal((CellKind.Partial, again.Version), (current!.Kind, current.Version)));

        // Bo clears it: a save on his last version learns it is unknown now.
        await Comparison.ClearCellAsync(editor, workspace.Id, row.Id, rival, again.Version);
        var gone = await Assert.ThrowsAsync<ConcurrencyConflictException<ComparisonCellView?>>(() =>
            Comparison.SetCellAsync(Owner, workspace.Id, row.Id, rival, new(CellKind.No), again.Version));
        Assert.Null(gone.Current);

        var renamed = await Comparison.RenameRowAsync(editor, workspace.Id, row.Id, "Price per seat", row.Version);
        var staleRename = await Assert.ThrowsAsync<ConcurrencyConflictException<ComparisonRowView>>(() =>
            Comparison.RenameRowAsync(Owner, workspace.Id, row.Id, "Monthly price", row.Version));
        var staleHide = await Assert.ThrowsAsync<ConcurrencyConflictException<ComparisonRowView>>(() =>
            Comparison.SetHiddenAsync(Owner, workspace.Id, row.Id, true, row.Version));
        Assert.All([staleRename.Current, staleHide.Current], current => Assert.Equal(("Price per seat", renamed.Version), (current.Name, current.Version)));

        var stored = (await Comparison.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(("Price per seat", false, renamed.Version), (stored.Rows[0].Name, stored.Rows[0].Hidden, stored.Rows[0].Version));
        Assert.Empty(stored.Cells);
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (us, rival) = await TwoCompaniesAsync(workspace.Id);
        var row = await Comparison.AddRowAsync(Owner, workspace.Id, "Price");
        var other = await Comparison.AddRowAsync(Owner, workspace.Id, "Languages");
        var deleted = await Comparison.AddRowAsync(Owner, workspace.Id, "Deleted");
        await Comparison.DeleteRowAsync(Owner, workspace.Id, deleted.Id);
        var elsewhere = (await ComparisonSamples.CompaniesAsync(world.Services, (await world.NewWorkspaceAsync()).Id, false, "Elsewhere"))[0];

        var refusals = new[]
        {
            await RefusalAsync(() => Comparison.AddRowAsync(Owner, workspace.Id, "  ")),
            await RefusalAsync(() => Comparison.AddRowAsync(Owner, workspace.Id, new string('x', ComparisonRow.NameMaxLength + 1))),
            await RefusalAsync(() => Comparison.AddRowAsync(Owner, workspace.Id, " price ")),
            await RefusalAsync(() => Comparison.RenameRowAsync(Owner, workspace.Id, other.Id, "PRICE", other.Version)),
            await RefusalAsync(() => Comparison.SetCellAsync(Owner, workspace.Id, row.Id, us, new(CellKind.Value, " "), null)),
            await RefusalAsync(() => Comparison.SetCellAsync(Owner, workspace.Id, row.Id, us, new(CellKind.Value, new string('9', ComparisonCell.ValueMaxLength + 1), new string('n', ComparisonCell.NoteMaxLength + 1)), null)),
            await RefusalAsync(() => Comparison.SetCellAsync(Owner, workspace.Id, row.Id, us, new((CellKind)42), null)),
            await RefusalAsync(() => Comparison.SetCellAsync(Owner, workspace.Id, deleted.Id, us, new(CellKind.Yes), null)),
            await RefusalAsync(() => Comparison.SetCellAsync(Owner, workspace.Id, row.Id, elsewhere, new(CellKind.Yes), null)),
            await RefusalAsync(() => Comparison.RenameRowAsync(Owner, workspace.Id, deleted.Id, "Back", deleted.Version)),
        };

        Assert.Equal(
            [
                "Name:Validation.RequiredField", "Name:Validation.TooLong", "Name:Comparison.Error.Repeated", "Name:Comparison.Error.Repeated",
                "Value:Validation.RequiredField", "Value:Validation.TooLong Note:Validation.TooLong", "Kind:Comparison.Error.Kind",
                "Row:Comparison.Error.NoRow", "Company:Comparison.Error.NoCompany", "Row:Comparison.Error.NoRow",
            ],
            refusals);
        var stored = (await Comparison.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(["Price", "Languages"], stored.Rows.Select(r => r.Name));
        Assert.Empty(stored.Cells);

        // A value is kept only for the value kind; the note is trimmed.
        var yes = await Comparison.SetCellAsync(Owner, workspace.Id, row.Id, rival, new(CellKind.Yes, "ignored", "  free tier  "), null);
        Assert.Equal((CellKind.Yes, "", "free tier"), (yes.Kind, yes.Value, yes.Note));
    }

    [Fact]
    public async Task A_workspace_holds_at_most_sixty_rows_and_an_import_adds_only_as_many_as_fit()
    {
        var workspace = await world.NewWorkspaceAsync();
        await TwoCompaniesAsync(workspace.Id);
        for (var i = 0; i < ComparisonRow.MaxPerWorkspace - 2; i++)
        {
            await Comparison.AddRowAsync(Owner, workspace.Id, $"Feature {i}");
        }

        var import = await Comparison.ImportAsync(Owner, workspace.Id, "attribute,Acme\nFeature 0,yes\nNew 1,no\nNew 2,partial\nNew 3,yes\n");
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Comparison.AddRowAsync(Owner, workspace.Id, "One too many"));

        Assert.Equal((2, 1), (import.RowsAdded, import.RowsUpdated));
        var problem = Assert.Single(import.Problems);
        Assert.Equal((5, "Comparison.Csv.NoRoom"), (problem.Line, problem.MessageKey));
        Assert.Equal(("Name", "Comparison.Error.TooMany", 60), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        Assert.Equal(60, (await Comparison.GetAsync(Owner, workspace.Id))!.Rows.Count);
    }

    [Fact]
    public async Task Rows_keep_the_team_s_order_move_and_hide_and_deleting_a_row_or_a_company_takes_its_cells()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (us, rival) = await TwoCompaniesAsync(workspace.Id);
        var a = await Comparison.AddRowAsync(Owner, workspace.Id, "A");
        var b = await Comparison.AddRowAsync(Owner, workspace.Id, "B");
        var c = await Comparison.AddRowAsync(Owner, workspace.Id, "C");
        await Comparison.SetCellAsync(Owner, workspace.Id, a.Id, us, new(CellKind.Yes), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, b.Id, rival, new(CellKind.No), null);

        var moved = await Comparison.MoveRowAsync(Owner, workspace.Id, c.Id, 0);
        var clamped = await Comparison.MoveRowAsync(Owner, workspace.Id, c.Id, 99);
        var hidden = await Comparison.SetHiddenAsync(Owner, workspace.Id, b.Id, true, b.Version);
        await Comparison.DeleteRowAsync(Owner, workspace.Id, a.Id);
        await ComparisonSamples.DeleteCompanyAsync(world.Services, rival);

        Assert.Equal(["C", "A", "B"], moved.Select(r => r.Name));
        Assert.Equal(["A", "B", "C"], clamped.Select(r => r.Name));
        Assert.True(hidden.Hidden);
        Assert.NotEqual(b.Version, hidden.Version);
        var stored = (await Comparison.GetAsync(Owner, workspace.Id))!;
        Assert.Equal([("B", true), ("C", false)], stored.Rows.Select(r => (r.Name, r.Hidden)));
        Assert.Equal([("Acme", true)], stored.Companies.Select(x => (x.Name, x.IsOwnCompany)));
        Assert.Empty(stored.Cells);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_to_reload_the_matrix()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (_, rival) = await TwoCompaniesAsync(workspace.Id);
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var row = await Comparison.AddRowAsync(Owner, workspace.Id, "Price");
        row = await Comparison.RenameRowAsync(Owner, workspace.Id, row.Id, "Monthly price", row.Version);
        row = await Comparison.SetHiddenAsync(Owner, workspace.Id, row.Id, true, row.Version);
        row = await Comparison.SetHiddenAsync(Owner, workspace.Id, row.Id, false, row.Version);
        await Comparison.MoveRowAsync(Owner, workspace.Id, row.Id, 0);
        var cell = await Comparison.SetCellAsync(Owner, workspace.Id, row.Id, rival, new(CellKind.Value, "$20"), null);
        await Comparison.ClearCellAsync(Owner, workspace.Id, row.Id, rival, cell.Version);
        await Comparison.ImportAsync(Owner, workspace.Id, "attribute,Rival\nSpeech,yes\n");
        await Comparison.DeleteRowAsync(Owner, workspace.Id, row.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == CompetitorTopics.Matrix) == 9);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [
                ("comparison.row.deleted", "Monthly price"), ("comparison.imported", "1"), ("comparison.cell.cleared", "Monthly price · Rival"),
                ("comparison.cell.set", "Monthly price · Rival"), ("comparison.row.moved", "Monthly price"), ("comparison.row.shown", "Monthly price"),
                ("comparison.row.hidden", "Monthly price"), ("comparison.row.renamed", "Monthly price"), ("comparison.row.added", "Price"),
            ],
            activity.Where(a => a.Kind.StartsWith("comparison.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("comparison.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/competitors", a.Link));
    }

    [Fact]
    public async Task The_export_imports_into_another_workspace_as_the_same_matrix_and_into_its_own_without_a_change()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (us, rival) = await TwoCompaniesAsync(workspace.Id);
        var third = (await ComparisonSamples.CompaniesAsync(world.Services, workspace.Id, false, "=Evil, \"Inc\""))[0];
        var rows = new List<ComparisonRowView>();
        foreach (var name in new[] { "Price", "yes", "'Quoted", "-Minus", "中文支持" })
        {
            rows.Add(await Comparison.AddRowAsync(Owner, workspace.Id, name));
        }

        await Comparison.SetCellAsync(Owner, workspace.Id, rows[0].Id, us, new(CellKind.Value, "$20, or $200 a year", "list price\nseen 2026-11"), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, rows[0].Id, rival, new(CellKind.Value, "=HYPERLINK(\"http://evil\")"), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, rows[1].Id, us, new(CellKind.Value, "Yes"), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, rows[1].Id, rival, new(CellKind.Yes, "", "+ beta only"), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, rows[2].Id, third, new(CellKind.Partial, "", "'quoted note"), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, rows[3].Id, us, new(CellKind.No), null);
        await Comparison.SetCellAsync(Owner, workspace.Id, rows[4].Id, third, new(CellKind.Value, "'-5%"), null);
        await Comparison.SetHiddenAsync(Owner, workspace.Id, rows[3].Id, true, rows[3].Version);
        var original = (await Comparison.GetAsync(Owner, workspace.Id))!;
        var csv = (await Comparison.ExportCsvAsync(Owner, workspace.Id))!;

        // Nothing a spreadsheet would run as a formula.
        var parsed = Csv.Parse(csv).Select(r => r.Cells).ToList();
        Assert.Equal(["attribute", "Acme", "Rival", "'=Evil, \"Inc\"", "note:Acme", "note:Rival", "note:=Evil, \"Inc\"", "hidden"], parsed[0]);
        Assert.Equal(["Price", "$20, or $200 a year", "'=HYPERLINK(\"http://evil\")", "", "list price\nseen 2026-11", "", "", ""], parsed[1]);
        Assert.DoesNotContain(parsed.SelectMany(r => r), cell => cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal));

        var copy = await world.NewWorkspaceAsync();
        await ComparisonSamples.CompaniesAsync(world.Services, copy.Id, true, "Acme", "Rival", "=Evil, \"Inc\"");
        var imported = await Comparison.ImportAsync(Owner, copy.Id, csv);
        var again = await Comparison.ImportAsync(Owner, workspace.Id, csv);

        Assert.Equal((5, 0, 7, 0), (imported.RowsAdded, imported.RowsUpdated, imported.CellsChanged, imported.ProblemCount));
        Assert.Empty(imported.UnknownColumns);
        var copied = (await Comparison.GetAsync(Owner, copy.Id))!;
        Assert.Equal(Shape(original), Shape(copied));
        Assert.Equal((0, 5, 0), (again.RowsAdded, again.RowsUpdated, again.CellsChanged));
        var after = (await Comparison.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(original.Rows, after.Rows);
        Assert.Equal(original.Cells, after.Cells);
    }

    [Fact]
    public async Task A_malformed_file_keeps_its_good_rows_and_cells_and_reports_the_others_by_line_and_unknown_columns_by_name()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (us, rival) = await TwoCompaniesAsync(workspace.Id);
        var existing = await Comparison.AddRowAsync(Owner, workspace.Id, "Price");
        var noted = await Comparison.SetCellAsync(Owner, workspace.Id, existing.Id, rival, new(CellKind.Value, "$10", "from the pricing page"), null);
        var tooLong = new string('x', ComparisonCell.ValueMaxLength + 1);
        // Semicolons, a byte order mark, a column of no company, and from line 3 on: a good row, a short row, a row
        // repeating line 3, a note without a cell, a value too long beside a good cell, a bad hidden flag, a blank line,
        // an unnamed row, and a quote never closed.
        var text = "\uFEFFAttribute;ACME;rival;note:Acme;Unknown Co;hidden\n"
            + "price;yes;$12;;x;\n"
            + "Languages;partial;no;3 of 5;;\n"
            + "Offline;yes\n"
            + "Languages;no;no;;;\n"
            + "API;;yes;has a note;;no\n"
            + $"Support;yes;{tooLong};;;\n"
            + "Export;no;;;;maybe\n"
            + "\n"
            + ";yes;no;;;\n"
            + "Last;\"never closed;no;;;\n";

        var report = await Comparison.ImportAsync(Owner, workspace.Id, text);

        Assert.Null(report.Refusal);
        Assert.Equal(["Unknown Co"], report.UnknownColumns);
        Assert.Equal(
            [
                (4, null, "Comparison.Csv.Columns"), (5, null, "Comparison.Csv.RepeatedRow"), (6, "Acme", "Comparison.Csv.NoteWithoutCell"),
                (7, "Rival", "Comparison.Csv.ValueTooLong"), (8, "hidden", "Comparison.Csv.Hidden"), (10, null, "Comparison.Csv.NoName"), (11, null, "Comparison.Csv.Unclosed"),
            ],
            report.Problems.Select(p => (p.Line, p.Column, p.MessageKey)));
        Assert.Equal((4, 1), (report.RowsAdded, report.RowsUpdated));
        var stored = (await Comparison.GetAsync(Owner, workspace.Id))!;
        // "price" matched "Price" and took the file's spelling; the note column was not given for Rival, so its note stayed.
        Assert.Equal(["price", "Languages", "API", "Support", "Export"], stored.Rows.Select(r => r.Name));
        var cells = stored.CellsByKey();
        string Cell(string row, Guid company) => cells.GetValueOrDefault((stored.Rows.Single(r => r.Name == row).Id, company)) is { } c ? $"{c.Kind}:{c.Value}:{c.Note}" : "-";
        Assert.Equal(
            ["Yes::", "Value:$12:from the pricing page", "Partial::3 of 5", "No::", "-", "Yes::", "Yes::", "-", "No::", "-"],
            stored.Rows.SelectMany(r => new[] { Cell(r.Name, us), Cell(r.Name, rival) }));
        Assert.NotEqual(noted.Version, cells[(existing.Id, rival)].Version);
    }

    [Theory]
    [InlineData("", "Comparison.Csv.Empty")]
    [InlineData("attribute\nPrice\n", "Comparison.Csv.NoCompanies")]
    [InlineData("attribute,Acme\n", "Comparison.Csv.NoRows")]
    [InlineData("attribute,\"Acme\nPrice,yes\n", "Comparison.Csv.HeaderUnclosed")]
    [InlineData("attribute,Acme\n,yes\n", "Comparison.Csv.NothingTaken")]
    public async Task A_file_that_is_no_matrix_is_refused_whole_and_nothing_is_saved(string text, string reason)
    {
        var workspace = await world.NewWorkspaceAsync();
        await TwoCompaniesAsync(workspace.Id);

        var report = await Comparison.ImportAsync(Owner, workspace.Id, text);

        Assert.Equal(reason, report.Refusal?.MessageKey);
        Assert.Empty((await Comparison.GetAsync(Owner, workspace.Id))!.Rows);
    }

    [Fact]
    public async Task A_file_over_one_mebibyte_is_refused_before_it_is_read_whole()
    {
        var workspace = await world.NewWorkspaceAsync();
        await TwoCompaniesAsync(workspace.Id);
        var big = Encoding.UTF8.GetBytes("attribute,Acme\n" + string.Concat(Enumerable.Range(0, 90_000).Select(i => $"Row {i},yes\n")));
        Assert.True(big.Length > ComparisonCsv.MaxBytes);

        await using var stream = new MemoryStream(big);
        var report = await Comparison.ImportAsync(Owner, workspace.Id, stream);
        var pasted = await Comparison.ImportAsync(Owner, workspace.Id, Encoding.UTF8.GetString(big));

        Assert.Equal(("Comparison.Csv.TooLarge", 1024), (report.Refusal?.MessageKey, (int)report.Refusal!.Arguments[0]));
        Assert.Equal("Comparison.Csv.TooLarge", pasted.Refusal?.MessageKey);
        Assert.True(stream.Position <= ComparisonCsv.MaxBytes + 1);
        Assert.Empty((await Comparison.GetAsync(Owner, workspace.Id))!.Rows);
    }

    private static List<string> Shape(ComparisonMatrixView matrix)
    {
        var names = matrix.Companies.ToDictionary(c => c.Id, c => c.Name);
        var rows = matrix.Rows.ToDictionary(r => r.Id, r => r.Name);
        return
        [
            .. matrix.Companies.Select(c => $"company {c.Name} {c.IsOwnCompany}"),
            .. matrix.Rows.Select(r => $"row {r.Name} {r.Hidden}"),
            .. matrix.Cells.Select(c => $"cell {rows[c.RowId]} {names[c.CompetitorId]} {c.Kind} [{c.Value}] [{c.Note}]"),
        ];
    }

    private async Task<(Guid Us, Guid Rival)> TwoCompaniesAsync(Guid workspaceId)
    {
        var ids = await ComparisonSamples.CompaniesAsync(world.Services, workspaceId, true, "Acme", "Rival");
        return (ids[0], ids[1]);
    }

    private static async Task<string> RefusalAsync(Func<Task> change)
    {
        var refused = await Assert.ThrowsAsync<InputRejectedException>(change);
        return string.Join(" ", refused.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
    }

    private async Task<HttpClient> ClientAsync(Persona persona)
    {
        var client = world.CreateBrowserClient();
        var signedIn = await AccountTests.LogInAsync(client, await TestUsers.EmailOfAsync(world.Services, world.Id(persona)!), TestUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }
}
