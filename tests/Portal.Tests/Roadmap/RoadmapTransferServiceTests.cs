using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Roadmap;
using Portal.Features.Roadmap.Import;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Roadmap;

public sealed class RoadmapTransferServiceTests(WorkspaceWorld world) : RoadmapTransferServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class RoadmapTransferServiceTestsOnPostgres(PostgresWorkspaceWorld world) : RoadmapTransferServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class RoadmapTransferServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private RoadmapTransferService Transfer => world.Services.GetRequiredService<RoadmapTransferService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Importing_is_for_owners_and_editors_and_exporting_for_everyone_who_reads_the_workspace(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";

        var outcome = await AccessOutcome.OfAsync(() => Transfer.ImportAsync(user, workspace.Id, TrelloBoardImport.Read(RoadmapImportSamples.TrelloBoard)));

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.Equal(expected, outcome);
        Assert.Equal(allowed ? 3 : 0, (await TasksAsync(workspace.Id)).Count);
        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        var csv = await Transfer.ExportCsvAsync(world.Id(persona), workspace.Id);
        Assert.Equal(reads, csv is not null);
        Assert.True(csv is null || csv.StartsWith("title,status,assignee,start,due,estimate_days,milestone,description\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_import_stores_the_mapped_tasks_at_the_end_of_their_columns_matching_assignees_to_members()
    {
        var workspace = await world.NewWorkspaceAsync();
        var ownerEmail = await TestUsers.EmailOfAsync(world.Services, Owner);
        await Transfer.ImportAsync(Owner, workspace.Id, JiraCsvImport.Read("Summary,Issue key,Status\r\nEarlier,AI-100,To Do\r\n"));
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var preview = JiraCsvImport.Read(RoadmapImportSamples.JiraCsv(ownerEmail.ToUpperInvariant()));
        var result = await Transfer.ImportAsync(world.Id(Persona.Editor)!, workspace.Id, preview);

        Assert.Equal((4, 0, 1), (result.Added, result.AlreadyImported.Count, result.NotMapped));
        Assert.Equal(["Grace Hopper"], result.UnmatchedAssignees);
        var tasks = await TasksAsync(workspace.Id);
        Assert.Equal(
            [
                ("Earlier", RoadmapTaskStatus.ToDo, 0, null, null, null, "jira:AI-100"),
                ("Train baseline model", RoadmapTaskStatus.ToDo, 1, Owner, new DateOnly(2026, 12, 5), 1.0, "jira:AI-1"),
                ("Collect field data", RoadmapTaskStatus.Doing, 0, null, new DateOnly(2026, 12, 20), 2.0, "jira:AI-2"),
                ("Wait for the data licence", RoadmapTaskStatus.Blocked, 0, null, new DateOnly(2026, 12, 31), null, "jira:AI-7"),
                ("=HYPERLINK(\"http://evil\")", RoadmapTaskStatus.Done, 0, null, null, null, "jira:AI-4"),
            ],
            tasks.Select(t => (t.Title, t.Status, t.Position, t.AssigneeId, t.DueOn, t.EstimateDays, t.Source)));
        Assert.NotNull(tasks.Single(t => t.Status == RoadmapTaskStatus.Done).CompletedAt);
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(("4", $"/w/{workspace.Slug}/roadmap"), activity.Where(a => a.Kind == RoadmapTransferService.ActivityKind).Select(a => (a.Subject, a.Link)).First());
        await WorkspaceWorld.WaitForChangesAsync(changes, c => c.Count >= 1);
        Assert.Equal((RoadmapTransferService.Topic, world.Id(Persona.Editor)), (changes[0].Topic, changes[0].ActorId));
    }

    [Fact]
    public async Task Importing_the_same_file_again_skips_every_task_already_imported_and_names_them()
    {
        var workspace = await world.NewWorkspaceAsync();
        var preview = TrelloBoardImport.Read(RoadmapImportSamples.TrelloBoard);
        var first = await Transfer.ImportAsync(Owner, workspace.Id, preview);

        var second = await Transfer.ImportAsync(Owner, workspace.Id, preview.WithColumn("l3", RoadmapTaskStatus.Blocked));

        Assert.Equal((3, 1), (first.Added, first.NotMapped));
        Assert.Equal(["Grace Hopper"], first.UnmatchedAssignees);
        Assert.Equal(Owner, (await TasksAsync(workspace.Id)).Single(t => t.Source == "trello:c1").AssigneeId);
        Assert.Equal(1, second.Added);
        Assert.Equal(["Label 500 images", "Train the baseline", "Choose the cloud"], second.AlreadyImported);
        Assert.Equal(
            ["trello:c1", "trello:c2", "trello:c3", "trello:c4"],
            (await TasksAsync(workspace.Id)).Select(t => t.Source).Order(StringComparer.Ordinal));
        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(["1", "3"], activity.Where(a => a.Kind == RoadmapTransferService.ActivityKind).Select(a => a.Subject));
    }

    [Fact]
    public async Task An_import_past_the_limit_is_refused_whole_saying_how_much_room_is_left()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Transfer.ImportAsync(Owner, workspace.Id, Many("fill", RoadmapTask.MaxPerWorkspace - 2));

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Transfer.ImportAsync(Owner, workspace.Id, Many("more", 3)));

        Assert.Equal("RoadmapImport.Error.TooMany", Assert.Single(refused.Errors).MessageKey);
        Assert.Equal([3, 2, RoadmapTask.MaxPerWorkspace], refused.Errors[0].Arguments);
        Assert.Equal(RoadmapTask.MaxPerWorkspace - 2, (await TasksAsync(workspace.Id)).Count);
        // Tasks already on the board do not count against the room a re-import needs.
        Assert.Equal(2, (await Transfer.ImportAsync(Owner, workspace.Id, Many("more", 2))).Added);
        Assert.Equal(0, (await Transfer.ImportAsync(Owner, workspace.Id, Many("fill", 5))).Added);
    }

    [Fact]
    public async Task A_preview_made_up_past_the_task_s_limits_is_refused_and_nothing_stored()
    {
        var workspace = await world.NewWorkspaceAsync();
        var bad = new RoadmapImportPreview("jira", [new ImportedTask("jira:X-1", new string('t', RoadmapTask.TitleMaxLength + 1), "", "g", null, null, 400, null, null)],
            [new ImportGroup("g", "Doing", RoadmapTaskStatus.Doing, 1)], 0, []);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Transfer.ImportAsync(Owner, workspace.Id, bad));

        Assert.Equal(["Validation.TooLong", "RoadmapImport.Error.Estimate"], refused.Errors.Select(e => e.MessageKey));
        Assert.Empty(await TasksAsync(workspace.Id));
    }

    [Fact]
    public async Task The_export_opens_in_a_spreadsheet_and_reads_back_every_task_with_formulas_defused()
    {
        var workspace = await world.NewWorkspaceAsync();
        var ownerEmail = await TestUsers.EmailOfAsync(world.Services, Owner);
        await Transfer.ImportAsync(Owner, workspace.Id, JiraCsvImport.Read(RoadmapImportSamples.JiraCsv(ownerEmail)));
        var milestone = new Milestone { WorkspaceId = workspace.Id, Title = "Pilot, phase 1", DueOn = new DateOnly(2027, 1, 15) };
        await using (var db = await Context())
        {
            db.Add(milestone);
            await db.SaveChangesAsync();
            await db.Set<RoadmapTask>().Where(t => t.Source == "jira:AI-1").ExecuteUpdateAsync(s => s.SetProperty(t => t.MilestoneId, milestone.Id));
        }

        var csv = (await Transfer.ExportCsvAsync(Owner, workspace.Id))!;

        var rows = Csv.Parse(csv).Select(r => r.Cells).ToList();
        Assert.Equal(RoadmapTransferService.CsvColumns, rows[0]);
        Assert.Equal(
            [
                ["Train baseline model", "ToDo", ownerEmail, "", "2026-12-05", "1", "Pilot, phase 1", "Start from the lab's CNN"],
                ["Collect field data", "Doing", "", "", "2026-12-20", "2", "", "Two sites,\nthen a third"],
                ["Wait for the data licence", "Blocked", "", "", "2026-12-31", "", "", ""],
                ["'=HYPERLINK(\"http://evil\")", "Done", "", "", "", "", "", ""],
            ],
            rows.Skip(1));
    }

    [Fact]
    public async Task The_export_endpoint_serves_members_a_utf8_file_and_strangers_a_404()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Transfer.ImportAsync(Owner, workspace.Id, TrelloBoardImport.Read(RoadmapImportSamples.TrelloBoard));
        var url = $"/w/{workspace.Slug}/roadmap/tasks.csv";

        using var viewer = await ClientAsync(Persona.Viewer);
        using var stranger = await ClientAsync(Persona.Stranger);
        using var forViewer = await viewer.GetAsync(url);
        using var forStranger = await stranger.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, forViewer.StatusCode);
        Assert.Equal("text/csv", forViewer.Content.Headers.ContentType?.MediaType);
        var bytes = await forViewer.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Contains("\"Train the baseline\",Doing", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, forStranger.StatusCode);
        Assert.DoesNotContain("Train the baseline", await forStranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static RoadmapImportPreview Many(string prefix, int count) =>
        new("jira", [.. Enumerable.Range(1, count).Select(i => new ImportedTask($"jira:{prefix}-{i}", $"{prefix} {i}", "", "g", null, null, null, null, null))],
            [new ImportGroup("g", "To Do", RoadmapTaskStatus.ToDo, count)], 0, []);

    private async Task<HttpClient> ClientAsync(Persona persona)
    {
        var client = world.CreateBrowserClient();
        var signedIn = await AccountTests.LogInAsync(client, await TestUsers.EmailOfAsync(world.Services, world.Id(persona)!), TestUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private Task<PortalDbContext> Context() => world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<RoadmapTask>> TasksAsync(Guid workspaceId)
    {
        await using var db = await Context();
        var tasks = await db.Set<RoadmapTask>().AsNoTracking().Where(t => t.WorkspaceId == workspaceId).ToListAsync();
        return [.. tasks.OrderBy(t => t.Status).ThenBy(t => t.Position)];
    }
}
