using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Announcements;
using Portal.Features.Comments;
using Portal.Features.Exercises;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.ModelLab.Models;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.ModelLab;

namespace Portal.Tests.Security;

/// <summary>Who asks: everyone the portal must keep a workspace's data from, and two who may read it.</summary>
public enum Asker
{
    Anonymous,
    Stranger,
    OtherCohortInstructor,
    RevokedInstructor,
    Viewer,
    Owner,
}

/// <summary>
/// One workspace whose every text field carries <see cref="Marker"/> and a piece of script, in a cohort whose second
/// instructor has lost the Instructor role; a signed-in client for each <see cref="Asker"/>.
/// </summary>
public sealed class SecurityWorld : PortalAppFactory, IAsyncLifetime
{
    /// <summary>Script that must never become a live element or handler wherever the text is shown.</summary>
    public static readonly IReadOnlyList<string> XssPayloads =
    [
        "<img src=x onerror=\"window.xss=1\" data-xss=\"1\">",
        "<script data-xss>window.xss=1</script>",
        "\"><svg onload=\"window.xss=1\" data-xss>",
        "<a href=\"javascript:window.xss=1\" data-xss>link</a>",
        "[link](javascript:window.xss=1)",
        "<iframe srcdoc=\"<script>window.xss=1</script>\" data-xss></iframe>",
        "' onmouseover='window.xss=1' data-xss='",
    ];

    private readonly Dictionary<Asker, HttpClient> clients = [];

    protected override bool SeedDemoData => false;

    /// <summary>Unique text in every field of the workspace: a page showing it to someone shows them workspace data.</summary>
    public string Marker { get; } = $"LEAK{Guid.NewGuid():N}"[..20];

    public string Slug { get; private set; } = "";

    /// <summary>The owner's address, to sign in with (their display name carries script).</summary>
    public string OwnerEmail { get; private set; } = "";

    public Guid WorkspaceId { get; private set; }

    public Guid CohortId { get; private set; }

    public Guid KpiId { get; private set; }

    public Guid ExerciseId { get; private set; }

    /// <summary>
    /// The text stored in each field, by field: the sweep checks that each is shown to the owner on some page (so that
    /// its payloads were really put through a page) and never as live markup.
    /// </summary>
    public IReadOnlyDictionary<string, string> SeededTexts => seeded;

    private readonly Dictionary<string, string> seeded = [];

    public HttpClient Client(Asker asker) => clients[asker];

    public async Task InitializeAsync()
    {
        var ids = new Dictionary<Asker, string>();
        foreach (var asker in Enum.GetValues<Asker>().Where(a => a != Asker.Anonymous))
        {
            var role = asker is Asker.OtherCohortInstructor or Asker.RevokedInstructor ? PortalRoles.Instructor : PortalRoles.Founder;
            ids[asker] = await TestUsers.CreateAsync(Services, asker.ToString(), role);
        }

        var instructor = await TestUsers.CreateAsync(Services, "Instructor", PortalRoles.Instructor);
        var owner = ids[Asker.Owner];
        OwnerEmail = await TestUsers.EmailOfAsync(Services, owner);
        await using (var scope = Services.CreateAsyncScope())
        {
            // Names that others see (the owner's in members' lists and columns, the instructor's on announcements and
            // exercises, copied when posted) carry script but not the marker: the owner's own name is on every page
            // they open, and the instructor's is no secret of this workspace.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            foreach (var (id, name) in new[] { (owner, "Owner"), (instructor, "Instructor") })
            {
                var user = (await users.FindByIdAsync(id))!;
                user.DisplayName = Seed($"{name.ToLowerInvariant()}'s name", $"{name} {XssPayloads[2]}");
                Assert.True((await users.UpdateAsync(user)).Succeeded);
            }
        }

        var workspaces = Services.GetRequiredService<WorkspaceService>();
        var invitations = Services.GetRequiredService<WorkspaceInvitationService>();
        var workspace = await workspaces.CreateAsync(owner, new WorkspaceInput(
            Seed("workspace name", Short("workspace")), Short("pitch"), WorkspaceStage.Idea, Seed("industry", Tiny())));
        (Slug, WorkspaceId) = (workspace.Slug, workspace.Id);
        await invitations.InviteByEmailAsync(owner, WorkspaceId, await TestUsers.EmailOfAsync(Services, ids[Asker.Viewer]), WorkspaceRole.Viewer);
        var invitation = Assert.Single(await invitations.ListPendingForUserAsync(ids[Asker.Viewer]));
        await invitations.AnswerAsync(ids[Asker.Viewer], invitation.Id, accept: true);

        var cohorts = Services.GetRequiredService<CohortService>();
        var revokedEmail = await TestUsers.EmailOfAsync(Services, ids[Asker.RevokedInstructor]);
        var cohort = await cohorts.CreateAsync(instructor, new CohortInput(Seed("cohort name", $"Spring {Marker} {XssPayloads[0]}"), new DateOnly(2026, 3, 1), new DateOnly(2027, 6, 1), [revokedEmail]));
        await cohorts.CreateAsync(ids[Asker.OtherCohortInstructor], new CohortInput("Autumn", new DateOnly(2026, 9, 1), new DateOnly(2027, 12, 1), []));
        await workspaces.JoinCohortAsync(owner, WorkspaceId, cohort.JoinCode);
        CohortId = cohort.Id;

        var canvas = Services.GetRequiredService<CanvasService>();
        var note = await canvas.AddNoteAsync(owner, WorkspaceId, CanvasBlock.ValuePropositions, Text("note"), NoteColour.Yellow);
        await canvas.CreateSnapshotAsync(owner, WorkspaceId, Tiny());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var kpi = await Services.GetRequiredService<KpiService>().CreateAsync(owner, WorkspaceId, new KpiInput(
            Short("kpi"), Seed("kpi unit", "<i data-xss>%</i>"), 0, 100, KpiDirection.Increase, today, today.AddMonths(3),
            Text("specific"), Text("measurable"), Text("achievable"), Text("relevant"), null, Short("objective"), owner));
        KpiId = kpi.Id;
        await Services.GetRequiredService<RiskService>().CreateAsync(owner, WorkspaceId, new RiskInput(
            RiskCategory.TechnicalAlgorithm, Short("risk"), Text("description"), 3, 4, owner, Text("mitigation"), today.AddDays(30), RiskStatus.Open, 2, 2));
        var comments = Services.GetRequiredService<CommentService>();
        await comments.AddAsync(owner, WorkspaceId, "canvas-note", note.Id.ToString(), Text("comment"));
        await comments.AddAsync(owner, WorkspaceId, "workspace", WorkspaceId.ToString(), Text("workspace comment"));
        ExerciseId = await Services.GetRequiredService<ExerciseService>().PostAsync(instructor, CohortId, new ExerciseInput(
            Seed("exercise title", $"Exercise {Marker} {XssPayloads[0]}"), Text("instructions"), "canvas", DateTimeOffset.UtcNow.AddDays(7)));
        await Services.GetRequiredService<ExerciseService>().SetSubmittedAsync(owner, WorkspaceId, ExerciseId, submitted: true);
        await Services.GetRequiredService<AnnouncementService>().PostAsync(instructor, CohortId, Seed("announcement", Text("announcement"), shownAs: $"{Marker} announcement"));
        var dataset = await Services.GetRequiredService<DatasetUploadService>().UploadAsync(owner, WorkspaceId, Seed("data set name", Short("dataset")), [("set.csv", LabDatasetTests.Csv(100))]);
        await AddRunAsync(owner, Seed("run name", Short("run")), dataset.Key);

        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(ids[Asker.RevokedInstructor]))!, PortalRoles.Instructor)).Succeeded);
            // A member's name is workspace data too, shown in member lists, comments and owners' columns.
            var viewer = (await users.FindByIdAsync(ids[Asker.Viewer]))!;
            viewer.DisplayName = Seed("viewer's name", Tiny());
            Assert.True((await users.UpdateAsync(viewer)).Succeeded);
        }

        foreach (var asker in Enum.GetValues<Asker>())
        {
            var client = CreateBrowserClient();
            if (asker != Asker.Anonymous)
            {
                var signedIn = await AccountTests.LogInAsync(client, await TestUsers.EmailOfAsync(Services, ids[asker]), TestUsers.Password);
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            }

            clients[asker] = client;
        }
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <param name="shownAs">What of the text a page shows word for word, when it renders the rest (Markdown).</param>
    private string Seed(string field, string text, string? shownAs = null)
    {
        seeded[field] = shownAs ?? text;
        return text;
    }

    /// <summary>
    /// A run as the lab lists it once stopped; stored directly, since a run queued through the lab would train here
    /// and the name, which is what this is about, is stored the same way.
    /// </summary>
    private async Task AddRunAsync(string owner, string name, string datasetKey)
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Add(new TrainingRun
        {
            WorkspaceId = WorkspaceId,
            CreatedById = owner,
            Name = name,
            DatasetKey = datasetKey,
            SpecJson = ModelSpec.DefaultCnn.ToJson(),
            OptionsJson = System.Text.Json.JsonSerializer.Serialize(TrainingServiceTests.ShortRun.Options),
            Status = RunStatus.Cancelled,
            Epochs = 1,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A field's text: the marker, what the field is, and every payload.</summary>
    private string Text(string field) => $"{Marker} {field} {string.Join(" ", XssPayloads)}";

    /// <summary>The same for fields of 120 characters or fewer: the marker and the first payload.</summary>
    private string Short(string field) => $"{Marker} {field} {XssPayloads[0]}";

    /// <summary>For fields of 64 characters or fewer: the marker and the shortest payload.</summary>
    private string Tiny() => $"{Marker} {XssPayloads[2]}";
}
