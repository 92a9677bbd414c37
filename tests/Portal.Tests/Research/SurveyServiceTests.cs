using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Research;

public sealed class SurveyServiceTests(WorkspaceWorld world) : SurveyServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class SurveyServiceTestsOnPostgres(PostgresWorkspaceWorld world) : SurveyServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class SurveyServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    /// <summary>Three respondents and a row of the wrong length at line 3.</summary>
    public const string Sample = "Role,Would pay\nManager,Yes\nNurse\nNurse,Yes\n诊所经理,No\n";

    private SurveyService Surveys => world.Services.GetRequiredService<SurveyService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Importing_renaming_and_deleting_are_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var toRename = (await Surveys.ImportAsync(Owner, workspace.Id, "To rename", Sample)).Survey!;
        var toDelete = (await Surveys.ImportAsync(Owner, workspace.Id, "To delete", Sample)).Survey!;

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Surveys.ImportAsync(user, workspace.Id, "Pasted", Sample)),
            await AccessOutcome.OfAsync(() => Surveys.ImportAsync(user, workspace.Id, "Uploaded", new MemoryStream(Encoding.UTF8.GetBytes(Sample)))),
            await AccessOutcome.OfAsync(() => Surveys.RenameAsync(user, workspace.Id, toRename.Id, "Renamed", toRename.Version)),
            await AccessOutcome.OfAsync(() => Surveys.DeleteAsync(user, workspace.Id, toDelete.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Surveys.ListAsync(Owner, workspace.Id))!.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(allowed ? ["Pasted", "Renamed", "Uploaded"] : ["To delete", "To rename"], stored);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Surveys.ListAsync(world.Id(persona), workspace.Id) is { Count: > 0 });
        Assert.Equal(reads, (await Surveys.GetAsync(world.Id(persona), workspace.Id, toRename.Id))?.Survey.Id == toRename.Id);
    }

    [Fact]
    public async Task Good_rows_are_stored_and_analysed_and_bad_rows_are_reported_by_line_and_kept_out()
    {
        var workspace = await world.NewWorkspaceAsync();

        var imported = await Surveys.ImportAsync(Owner, workspace.Id, "  Clinic survey  ", Sample);

        Assert.Null(imported.Refusal);
        Assert.Equal(("Clinic survey", 3, 2), (imported.Survey!.Name, imported.Survey.Respondents, imported.Survey.Columns));
        var bad = Assert.Single(imported.BadRows);
        Assert.Equal((3, "Survey.Csv.Columns"), (bad.Line, bad.MessageKey));
        Assert.Equal(1, imported.BadRowCount);

        var details = (await Surveys.GetAsync(Owner, workspace.Id, imported.Survey.Id))!;
        Assert.Equal(["Role", "Would pay"], details.Columns);
        Assert.Equal([("Yes", 2), ("No", 1)], details.Analysis[1].Counts.Select(c => (c.Answer, c.Count)));
        Assert.Equal(SurveyColumnKind.SingleChoice, details.Analysis[1].Kind);
        // Role has three different answers in three: free text, and the lone "Nurse" of the bad row is not among them.
        Assert.Equal(["Manager", "Nurse", "诊所经理"], details.Analysis[0].Answers);

        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.Set<Survey>().SingleAsync(s => s.Id == imported.Survey.Id);
        Assert.Equal("[[\"Manager\",\"Yes\"],[\"Nurse\",\"Yes\"],[\"诊所经理\",\"No\"]]", row.RowsJson);
        Assert.Equal("[\"Role\",\"Would pay\"]", row.ColumnsJson);
        Assert.Equal(Owner, row.CreatedById);
    }

    [Fact]
    public async Task An_uploaded_file_with_a_byte_order_mark_and_semicolons_is_read_like_a_paste()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("角色;愿意付费\r\n经理;是\r\n护士;是\r\n")).ToArray();

        var imported = await Surveys.ImportAsync(Owner, workspace.Id, "上传", new MemoryStream(bytes));

        var details = (await Surveys.GetAsync(Owner, workspace.Id, imported.Survey!.Id))!;
        Assert.Equal(["角色", "愿意付费"], details.Columns);
        Assert.Equal([("是", 2)], details.Analysis[1].Counts.Select(c => (c.Answer, c.Count)));
    }

    [Fact]
    public async Task A_refused_file_stores_nothing_and_says_why_with_the_rows_it_could_not_read()
    {
        var workspace = await world.NewWorkspaceAsync();

        var noRows = await Surveys.ImportAsync(Owner, workspace.Id, "Bad", "Role,Pay\nonly one\n");
        var tooLarge = await Surveys.ImportAsync(Owner, workspace.Id, "Big", new MemoryStream(new byte[SurveyCsv.MaxBytes + 1]));
        var binary = await Surveys.ImportAsync(Owner, workspace.Id, "Binary", new MemoryStream([0x00, 0x01, 0xFF, 0x0A, 0x00]));

        Assert.Equal(("Survey.Csv.NoRows", 2), (noRows.Refusal?.MessageKey, Assert.Single(noRows.BadRows).Line));
        Assert.Equal(("Csv", "Survey.Csv.TooLarge", SurveyCsv.MaxBytes / 1024), (tooLarge.Refusal?.Field, tooLarge.Refusal?.MessageKey, (int)tooLarge.Refusal!.Arguments[0]));
        Assert.Equal("Survey.Csv.NotText", binary.Refusal?.MessageKey);
        Assert.All([noRows, tooLarge, binary], result => Assert.Null(result.Survey));
        Assert.Empty((await Surveys.ListAsync(Owner, workspace.Id))!);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.DoesNotContain(activity, a => a.Kind.StartsWith("research.survey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_is_required_and_short_and_a_refused_name_reads_nothing()
    {
        var workspace = await world.NewWorkspaceAsync();
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(Sample));

        var blank = await Assert.ThrowsAsync<InputRejectedException>(() => Surveys.ImportAsync(Owner, workspace.Id, " ", stream));
        var tooLong = await Assert.ThrowsAsync<InputRejectedException>(() => Surveys.ImportAsync(Owner, workspace.Id, new string('n', Survey.NameMaxLength + 1), Sample));

        Assert.Equal(("Name", "Validation.RequiredField"), (blank.Errors[0].Field, blank.Errors[0].MessageKey));
        Assert.Equal(("Name", "Validation.TooLong", Survey.NameMaxLength), (tooLong.Errors[0].Field, tooLong.Errors[0].MessageKey, (int)tooLong.Errors[0].Arguments[0]));
        Assert.Equal(0, stream.Position);
        Assert.Empty((await Surveys.ListAsync(Owner, workspace.Id))!);
    }

    [Fact]
    public async Task A_workspace_holds_at_most_twenty_surveys()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < Survey.MaxPerWorkspace; i++)
        {
            await Surveys.ImportAsync(Owner, workspace.Id, $"Survey {i}", "Pay\nYes\n");
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Surveys.ImportAsync(Owner, workspace.Id, "One too many", "Pay\nYes\n"));

        Assert.Equal(("Csv", "Survey.Error.TooMany", 20), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        Assert.Equal(20, (await Surveys.ListAsync(Owner, workspace.Id))!.Count);
    }

    [Fact]
    public async Task A_stale_rename_is_refused_with_the_current_survey_and_a_survey_of_another_workspace_is_not_found()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();
        var read = (await Surveys.ImportAsync(Owner, workspace.Id, "Clinics", Sample)).Survey!;
        var bos = await Surveys.RenameAsync(world.Id(Persona.Editor)!, workspace.Id, read.Id, "Clinics, by Bo", read.Version);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException<SurveyView>>(() => Surveys.RenameAsync(Owner, workspace.Id, read.Id, "Clinics, by Ada", read.Version));
        var elsewhere = await Assert.ThrowsAsync<InputRejectedException>(() => Surveys.RenameAsync(Owner, other.Id, read.Id, "Moved", bos.Version));

        Assert.Equal(("Clinics, by Bo", bos.Version), (conflict.Current.Name, conflict.Current.Version));
        Assert.NotEqual(read.Version, bos.Version);
        Assert.Equal(SurveyService.NoSurveyKey, elsewhere.Errors[0].MessageKey);
        Assert.Null(await Surveys.GetAsync(Owner, other.Id, read.Id));
        Assert.Equal("Clinics, by Bo", (await Surveys.GetAsync(Owner, workspace.Id, read.Id))!.Survey.Name);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_the_survey_or_the_id_removed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var imported = (await Surveys.ImportAsync(Owner, workspace.Id, "Clinics", Sample)).Survey!;
        var renamed = await Surveys.RenameAsync(Owner, workspace.Id, imported.Id, "Clinics, spring", imported.Version);
        await Surveys.DeleteAsync(Owner, workspace.Id, imported.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == SurveyService.Topic) == 3);
        var carried = changes.Where(c => c.Topic == "research").Select(c => Assert.IsType<ItemChanges<SurveyView>>(c.Changes)).ToList();
        Assert.Equal([imported, renamed], carried.Take(2).Select(c => Assert.Single(c.Upserted)));
        Assert.Equal(imported.Id, Assert.Single(carried[2].Removed));

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        var surveys = activity.Where(a => a.Kind.StartsWith("research.survey", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [("research.survey.deleted", "Clinics, spring"), ("research.survey.renamed", "Clinics, spring"), ("research.survey.imported", "Clinics")],
            surveys.Select(a => (a.Kind, a.Subject)));
        Assert.All(surveys, a => Assert.Equal($"/w/{workspace.Slug}/research", a.Link));
    }
}
