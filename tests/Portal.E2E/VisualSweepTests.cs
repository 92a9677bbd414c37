using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Cohorts;
using Portal.Features.Compliance;
using Portal.Features.Decisions;
using Portal.Features.Team;
using Portal.Features.Exercises;
using Portal.Features.Kpis;
using Portal.Features.Market;
using Portal.Features.ModelLab;
using Portal.Features.Research;
using Portal.Features.Risks;
using Portal.Features.Roadmap;
using Portal.Features.Workspaces;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;

namespace Portal.E2E;

/// <summary>
/// Every page in both languages, both themes and at a desktop and a phone width: a screenshot of each, and what a
/// person would notice or a screen reader would trip over (sideways scrolling, script errors, serious axe findings).
/// </summary>
public sealed class VisualSweepTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string SweepKpiName = "Sweep: paying mills";
    private const string SweepExerciseTitle = "Sweep: fill the canvas";

    /// <summary>axe-core from npm, kept beside the tests (see axe/LICENSE) so that the sweep never fetches a script.</summary>
    internal static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    public static TheoryData<string, string, int> Combinations
    {
        get
        {
            var combinations = new TheoryData<string, string, int>();
            foreach (var language in new[] { "zh-CN", "en" })
            {
                foreach (var theme in new[] { "light", "dark" })
                {
                    foreach (var width in new[] { 1366, 390 })
                    {
                        combinations.Add(language, theme, width);
                    }
                }
            }

            return combinations;
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Every_page_fits_the_screen_logs_no_errors_and_has_no_serious_accessibility_findings(string language, string theme, int width)
    {
        var pages = SweepPages(await SeedOnceAsync());
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(PortalServer.ArtifactsDirectory, "sweep");
        Directory.CreateDirectory(folder);

        foreach (var group in pages.GroupBy(p => p.Account))
        {
            var consoleErrors = new List<string>();
            var page = group.Key is { } email
                ? await server.SignedInPageAsync(email, consoleErrors)
                : await server.NewPageAsync(consoleErrors);
            await page.Context.AddCookiesAsync(
            [
                new Cookie { Name = "portal.theme", Value = theme, Url = server.BaseAddress.ToString() },
                new Cookie { Name = ".AspNetCore.Culture", Value = $"c={language}|uic={language}", Url = server.BaseAddress.ToString() },
            ]);
            await page.SetViewportSizeAsync(width, 860);

            foreach (var sweepPage in group)
            {
                var problems = await InspectAsync(page, sweepPage, consoleErrors, Path.Combine(folder, $"{language}-{theme}-{width}-{sweepPage.Name}.png"));
                failures.AddRange(problems.Select(problem => $"{sweepPage.Name} ({sweepPage.Url}): {problem}"));
                consoleErrors.Clear();
            }

            await page.Context.CloseAsync();
        }

        await File.AppendAllTextAsync(Path.Combine(folder, "durations.txt"), $"{language}-{theme}-{width}: {pages.Count} pages in {clock.Elapsed.TotalSeconds:F1} s\n");
        Assert.True(failures.Count == 0, $"{language}, {theme}, {width} px:\n{string.Join("\n", failures)}");
    }

    private static async Task<List<string>> InspectAsync(IPage page, SweepPage sweepPage, List<string> consoleErrors, string screenshot)
    {
        var problems = new List<string>();
        await page.GotoAsync(sweepPage.Url);
        if (sweepPage.Interactive)
        {
            await PortalServer.WaitUntilInteractiveAsync(page);
        }

        foreach (var drawn in sweepPage.WaitFor)
        {
            await page.Locator(drawn).First.WaitForAsync();
        }

        if (sweepPage.Click is (var control, var shows))
        {
            // Dispatched, not clicked: to click a tab scrolled out of its bar, Playwright would scroll the bar itself, on
            // top of the tab bar's own scrolling, and picture a bar no visitor sees.
            await page.Locator(control).DispatchEventAsync("click");
            await page.Locator(shows).First.WaitForAsync();
        }

        // Transitions finished first, so that a tab's bar and slider are pictured where they end up.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true, Animations = ScreenshotAnimations.Disabled });

        // A page that sent the visitor elsewhere (to the login, say) or broke would otherwise pass as whatever it showed.
        var landedAt = new Uri(page.Url).AbsolutePath.TrimStart('/');
        if (landedAt != sweepPage.Url)
        {
            problems.Add($"ended at /{landedAt}");
        }

        if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
        {
            problems.Add("shows the error banner");
        }

        var overflow = await page.EvaluateAsync<string?>(OverflowScript);
        if (overflow is not null)
        {
            problems.Add($"scrolls sideways: {overflow}");
        }

        problems.AddRange(consoleErrors.Select(error => $"console error: {error}"));

        // Evaluated rather than added as a <script>: the portal's CSP (script-src 'self') refuses inline scripts,
        // which is how Playwright's AddScriptTagAsync adds a file, while DevTools evaluation is not subject to it.
        await page.EvaluateAsync($"{AxeSource.Value}\n;void 0");
        var exclusions = KnownExclusions.Select(exclusion => new[] { exclusion.Rule, exclusion.Selector }).ToArray();
        var findings = JsonSerializer.Deserialize<List<AxeFinding>>(await page.EvaluateAsync<string>(AxeScript, exclusions), JsonOptions) ?? [];
        problems.AddRange(findings.Select(finding => $"axe {finding.Impact} {finding.Id} ({finding.Help}) at {string.Join(" ; ", finding.Targets.Take(5))}"
            + $"{(finding.Targets.Count > 5 ? $" and {finding.Targets.Count - 5} more" : "")}: {finding.Summary} First: {finding.Html}"));

        return problems;
    }

    /// <summary>Findings not fixed in the portal, each by its rule and a CSS selector for the elements it may name, with the reason.</summary>
    internal static readonly (string Rule, string Selector)[] KnownExclusions =
    [
        // MudBlazor 9 wraps a custom menu activator in its own div with role=button; the notification bell needs a
        // custom activator for its unread badge, and its real button inside is what people and screen readers use.
        ("nested-interactive", ".mud-menu-activator"),
        // A diagram is a button that opens the full-screen viewer, named for that; the words drawn in the diagram are
        // its picture, not a label that the name should repeat (WCAG 2.5.3 is about text labels).
        ("label-content-name-mismatch", "figure.guide-diagram"),
    ];

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record AxeFinding(string Id, string Impact, string Help, List<string> Targets, string Summary, string Html);

    /// <summary>Null when the page fits; otherwise the width and the innermost elements that stick out, to say where to look.</summary>
    /// <summary>
    /// What sticks out of the page, asked until nothing does or 15 seconds have passed: charts redraw at their box's
    /// width after a tab opens or the window narrows, and on a busy machine that can take a while.
    /// </summary>
    internal static async Task<string?> OverflowOnceChartsSettleAsync(IPage page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var overflow = await page.EvaluateAsync<string?>(OverflowScript);
            if (overflow is null || DateTime.UtcNow > deadline)
            {
                return overflow;
            }

            await Task.Delay(100);
        }
    }

    internal const string OverflowScript = """
        () => {
            const width = window.innerWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const sticksOut = e => e.getBoundingClientRect().right > width + 1;
            const culprits = [...document.body.querySelectorAll('*')]
                .filter(e => sticksOut(e) && ![...e.children].some(sticksOut))
                .slice(0, 4)
                .map(e => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`);
            return `${document.documentElement.scrollWidth} px wide in ${width}: ${culprits.join(', ')}`;
        }
        """;

    internal const string AxeScript = """
        async exclusions => {
            const result = await axe.run(document, { resultTypes: ['violations'], elementRef: true });
            const excluded = (rule, node) => exclusions.some(([id, selector]) => id === rule && node.element?.matches(selector));
            return JSON.stringify(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ ...v, nodes: v.nodes.filter(n => !excluded(v.id, n)) }))
                .filter(v => v.nodes.length > 0)
                .map(v => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    targets: v.nodes.map(n => n.target.join(' ')),
                    summary: [...new Set(v.nodes.map(n => n.failureSummary.replace(/\s+/g, ' ')))].slice(0, 4).join(' | '),
                    html: v.nodes[0].html.slice(0, 300),
                })));
        }
        """;

    /// <param name="Account">The demo account that opens the page; null for a visitor who is signed out.</param>
    /// <param name="WaitFor">What the page draws after it loads (Plotly charts, diagrams), waited for before anything is pressed or pictured.</param>
    private sealed record SweepPage(string Name, string Url, string? Account, bool Interactive = true, params string[] WaitFor)
    {
        /// <summary>A control to press once the page is drawn, for what it shows only on request (a tab), and what it then shows.</summary>
        public (string Control, string Shows)? Click { get; init; }
    }

    /// <summary>What the seeded pages need in their addresses.</summary>
    private sealed record SweepData(Guid KpiId, Guid CohortId, Guid ExerciseId, string InvitationToken);

    private const string KpiChart = "[data-testid=kpi-chart] .main-svg";
    private const string RiskChart = "[data-testid=risk-heatmap] .main-svg";
    private static readonly string[] LabCharts = ["[data-testid=lab-loss-chart] .main-svg", "[data-testid=lab-accuracy-chart] .main-svg", "[data-testid=lab-confusion] .main-svg"];

    private static List<SweepPage> SweepPages(SweepData seeded) =>
    [
        new("login", "Account/Login", null, Interactive: false),
        new("register", "Account/Register", null, Interactive: false),
        new("home", "", DemoSeeder.FounderAEmail),
        new("guide", "guide", DemoSeeder.FounderAEmail),
        new("guide-chapter", "guide/business-model", DemoSeeder.FounderAEmail, false, "figure.guide-diagram[role=button]", ".math[data-rendered]"),
        new("workspaces", "workspaces", DemoSeeder.FounderAEmail),
        new("workspace", "w/loomsight", DemoSeeder.FounderAEmail),
        new("canvas", "w/loomsight/canvas", DemoSeeder.FounderAEmail),
        new("kpis", "w/loomsight/kpis", DemoSeeder.FounderAEmail),
        new("kpi", $"w/loomsight/kpis/{seeded.KpiId}", DemoSeeder.FounderAEmail, true, KpiChart),
        new("risks", "w/loomsight/risks", DemoSeeder.FounderAEmail, true, RiskChart),
        new("compliance", "w/loomsight/compliance", DemoSeeder.FounderAEmail, true, "[data-testid=compliance-regime]"),
        new("decisions", "w/loomsight/decisions", DemoSeeder.FounderAEmail, true, "[data-testid=decision-chart] .main-svg"),
        new("research", "w/loomsight/research", DemoSeeder.FounderAEmail, true, "[data-testid=interview-item]"),
        // The matrix tab, by position since its name is in the page's language.
        new("research-matrix", "w/loomsight/research", DemoSeeder.FounderAEmail, true, "[data-testid=interview-item]") { Click = ("[data-testid=research-tabs] [role=tab] >> nth=3", "[data-testid=matrix-row]") },
        new("team", "w/loomsight/team", DemoSeeder.FounderAEmail, true, "[data-testid=team-chart] .main-svg"),
        new("competitors", "w/loomsight/competitors", DemoSeeder.FounderAEmail, true, "[data-testid=company-list]"),
        new("market", "w/loomsight/market", DemoSeeder.FounderAEmail, true, "[data-testid=persona-item]"),
        new("market-channels", "w/loomsight/market", DemoSeeder.FounderAEmail, true, "[data-testid=persona-item]") { Click = ("[data-testid=market-channels-tab]", "[data-testid=channel-chart] .main-svg") },
        new("roadmap", "w/loomsight/roadmap", DemoSeeder.FounderAEmail, true, "[data-testid=roadmap-gantt] .main-svg"),
        new("timeline", "w/loomsight/timeline", DemoSeeder.FounderAEmail, true, "[data-testid=timeline-chart] .main-svg"),
        new("plan", "w/loomsight/plan", DemoSeeder.FounderAEmail, true, KpiChart, RiskChart),
        new("lab", "w/loomsight/lab", DemoSeeder.FounderAEmail, true, LabCharts),
        // The results' fourth tab, by position since its name is in the page's language. Pressed once the charts are
        // drawn: Plotly.Blazor 7.2 throws if a chart leaves the page before plotly.js has loaded (LayTec-AG/Plotly.Blazor#428).
        new("lab-cost", "w/loomsight/lab", DemoSeeder.FounderAEmail, true, LabCharts) { Click = ("[data-testid=lab-result-tabs] [role=tab] >> nth=3", "[data-testid=lab-cost-training]") },
        new("account-manage", "Account/Manage", DemoSeeder.FounderAEmail, Interactive: false),
        new("cohorts", "cohorts", DemoSeeder.InstructorEmail),
        new("cohort-dashboard", $"cohorts/{seeded.CohortId}", DemoSeeder.InstructorEmail, true, "[data-testid=progress-chart] .main-svg"),
        new("exercise-gallery", $"cohorts/{seeded.CohortId}/exercises/{seeded.ExerciseId}", DemoSeeder.InstructorEmail, true, "[data-testid=gallery-artefact]"),
        new("exercise-projector", $"cohorts/{seeded.CohortId}/exercises/{seeded.ExerciseId}/projector", DemoSeeder.InstructorEmail, true, "[data-testid=projector-team]"),
        // The instructor is no member of Loomsight: the invitation asks whether to join.
        new("invitation", $"invite/{seeded.InvitationToken}", DemoSeeder.InstructorEmail, true, "[data-testid=invitation-question]"),
        // Where a new account lands: the instructor, in no workspace yet, has an invitation waiting.
        new("welcome", "welcome", DemoSeeder.InstructorEmail, true, "[data-testid=welcome-pending]"),
        new("admin-users", "admin/users", DemoSeeder.AdminEmail),
    ];

    /// <summary>
    /// A KPI with measurements, a few risks, a scored technology question, a cohort the workspace has joined with an exercise the team has handed in,
    /// a finished model lab run and an invitation by e-mail to the instructor, so that the tool pages, the instructor's
    /// pages and the lab show data and draw their charts; once per portal. The invitation link is new on every call,
    /// since only its hash is stored.
    /// </summary>
    private async Task<SweepData> SeedOnceAsync()
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspace = await db.Workspaces.Where(w => w.Slug == DemoSeeder.WorkspaceSlug).Select(w => new { w.Id, w.CohortId }).SingleAsync();
        var ada = await db.Users.Where(u => u.Email == DemoSeeder.FounderAEmail).Select(u => u.Id).SingleAsync();
        var invitations = server.Services.GetRequiredService<WorkspaceInvitationService>();
        var invitationToken = await invitations.CreateInvitationLinkAsync(ada, workspace.Id, WorkspaceRole.Editor, TimeSpan.FromDays(1));
        var existing = await db.Set<Kpi>().Where(k => k.WorkspaceId == workspace.Id && k.Name == SweepKpiName).Select(k => (Guid?)k.Id).SingleOrDefaultAsync();
        if (existing is { } id && workspace.CohortId is { } joined)
        {
            var exerciseId = await db.Set<Exercise>().Where(e => e.CohortId == joined && e.Title == SweepExerciseTitle).Select(e => e.Id).SingleAsync();
            return new SweepData(id, joined, exerciseId, invitationToken);
        }

        // The run trains in the background while the rest is seeded: one epoch on 1,000 images takes seconds.
        var lab = server.Services.GetRequiredService<TrainingService>();
        var runId = await lab.EnqueueAsync(ada, workspace.Id, new RunRequest("Sweep run", LabDatasets.FashionMnist, ModelSpec.DefaultCnn,
            new TrainingOptions(Epochs: 1, BatchSize: 50, MetricsEverySteps: 5), MaxTrainingImages: 1000));

        var instructor = await db.Users.Where(u => u.Email == DemoSeeder.InstructorEmail).Select(u => u.Id).SingleAsync();
        var cohort = await server.Services.GetRequiredService<CohortService>().CreateAsync(instructor, new CohortInput(
            "Sweep cohort", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60), []));
        await server.Services.GetRequiredService<WorkspaceService>().JoinCohortAsync(ada, workspace.Id, cohort.JoinCode);
        var exercises = server.Services.GetRequiredService<ExerciseService>();
        // Under an hour ahead, so that the countdown shows minutes and seconds, the way it reads in a workshop.
        var exercise = await exercises.PostAsync(instructor, cohort.Id, new ExerciseInput(SweepExerciseTitle,
            "Fill **all nine** blocks of the canvas, then mark the exercise as handed in.", "canvas", DateTimeOffset.UtcNow.AddMinutes(45)));
        await exercises.SetSubmittedAsync(ada, workspace.Id, exercise, true);
        await invitations.InviteByEmailAsync(ada, workspace.Id, DemoSeeder.InstructorEmail, WorkspaceRole.Viewer);
        var risks = server.Services.GetRequiredService<RiskService>();
        foreach (var (title, likelihood, impact) in new[] { ("Vendor stops shipping", 4, 5), ("Mill churn", 3, 4), ("Slow payments", 2, 3), ("Typo in the manual", 1, 2) })
        {
            await risks.CreateAsync(ada, workspace.Id, new RiskInput(RiskCategory.MarketCompetition, title, "", likelihood, impact, ada, "", null, RiskStatus.Open, 1, 1));
        }

        // Answers under which the GDPR and the AI Act apply (a chatbot: limited risk), an item in progress and one made a
        // register risk, so that the compliance page shows checklists, progress, the AI Act class and a linked risk.
        var compliance = server.Services.GetRequiredService<ComplianceService>();
        await compliance.SaveAnswersAsync(ada, workspace.Id, new Dictionary<string, IReadOnlyList<string>>
        {
            ["users_in"] = ["eu", "china"], ["personal_data"] = ["yes"], ["sensitive_data"] = ["no"], ["ai_system"] = ["yes"], ["ai_role"] = ["provider"],
            ["ai_prohibited_uses"] = ["none"], ["ai_high_risk_areas"] = ["none"], ["ai_transparency"] = ["chatbot"],
        }, Guid.Empty);
        await compliance.UpdateItemAsync(ada, workspace.Id, "gdpr-lawful-basis", new ComplianceItemInput(ComplianceItemStatus.InProgress, "https://example.com/records", ada, new DateOnly(2026, 1, 31), null), Guid.Empty);
        await compliance.CreateRiskAsync(ada, workspace.Id, "gdpr-dpia");

        // A question with two scored options, so that the decisions page opens on a ranking and its chart.
        var decisions = server.Services.GetRequiredService<DecisionService>();
        var question = await decisions.CreateAsync(ada, workspace.Id, DecisionInput.NewQuestion("Sweep: which model do we build on?"));
        var (hosted, open) = (Guid.NewGuid(), Guid.NewGuid());
        await decisions.UpdateAsync(ada, workspace.Id, question.Id, question.ToInput() with
        {
            Options = [new OptionInput(hosted, "Hosted API"), new OptionInput(open, "Open model")],
            Scores = [.. question.Criteria.SelectMany((c, i) => new[] { new ScoreInput(hosted, c.Id, 5 - i), new ScoreInput(open, c.Id, 3 + (i % 2)) })],
        }, question.Version);

        // Interviews, a strong and a weak insight, and requirements with and without evidence, so that the research
        // page lists them and its matrix marks links and flags.
        var research = server.Services.GetRequiredService<ResearchService>();
        var heldOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7);
        var interviews = new List<InterviewView>();
        foreach (var (person, role) in new[] { ("Mill manager A", "Manager"), ("Weaver B", "Night shift"), ("Buyer C", "Purchasing") })
        {
            interviews.Add(await research.CreateInterviewAsync(ada, workspace.Id, new InterviewInput("Weaving mills", role, person, heldOn, InterviewMethod.Interview, "Looms **stop** unnoticed at night.")));
        }

        var strong = await research.CreateInsightAsync(ada, workspace.Id, new InsightInput("Stops at night go unnoticed for hours", "downtime, night", [interviews[0].Id, interviews[1].Id]));
        var weak = await research.CreateInsightAsync(ada, workspace.Id, new InsightInput("Buyers want a monthly defect report", "reporting", [interviews[2].Id]));
        await research.CreateRequirementAsync(ada, workspace.Id, new RequirementInput("Alert the night shift when a loom stops", RequirementKind.Functional, RequirementPriority.Must,
            "The lead's phone rings within a minute.", RequirementStatus.Accepted, [strong.Id], null));
        await research.CreateRequirementAsync(ada, workspace.Id, new RequirementInput("Monthly defect report", RequirementKind.Functional, RequirementPriority.Should, "", RequirementStatus.Proposed, [strong.Id, weak.Id], null));
        await research.CreateRequirementAsync(ada, workspace.Id, new RequirementInput("Works offline for a shift", RequirementKind.NonFunctional, RequirementPriority.Could, "", RequirementStatus.Proposed, [], null));

        // Two people with their skills, so that the team page shows covered skills, gaps and its chart.
        var team = server.Services.GetRequiredService<TeamService>();
        var founder = await team.CreateAsync(ada, workspace.Id, new TeamMemberInput(ada, "", "CEO", "Customers, fundraising, the pilot with three mills", 45));
        var engineer = await team.CreateAsync(ada, workspace.Id, new TeamMemberInput(null, "Sweep engineer", "Machine learning and data pipelines", "Trains and ships the defect model", 25));
        foreach (var (skill, level) in new[] { ("Product", 2), ("Sales", 3), ("Finance", 1) })
        {
            founder = await team.SetSkillAsync(ada, workspace.Id, founder.Id, skill, level, founder.Version);
        }

        foreach (var (skill, level) in new[] { ("MlResearch", 2), ("MlEngineering", 3), ("Data", 2), ("Backend", 1) })
        {
            engineer = await team.SetSkillAsync(ada, workspace.Id, engineer.Id, skill, level, engineer.Version);
        }

        // A persona backed by an interview and one still an assumption, and two channels with their costs, so that the
        // market page lists them and draws its CAC chart.
        var personas = server.Services.GetRequiredService<PersonaService>();
        await personas.CreateAsync(ada, workspace.Id, new PersonaInput("Mill owner", "Weaving mills", "Fewer seconds sold at a discount", "Stops at night go unnoticed", "Keep the looms running", "I find out in the morning.", [interviews[0].Id]));
        await personas.CreateAsync(ada, workspace.Id, new PersonaInput("Fabric buyer", "Clothing brands", "A defect report each month", "", "", "", []));
        var channels = server.Services.GetRequiredService<ChannelService>();
        await channels.CreateAsync(ada, workspace.Id, new ChannelInput("Textile trade fair", ChannelReach.Offline, ChannelKind.TradeShows, 4000m, 2_000, 1, null));
        await channels.CreateAsync(ada, workspace.Id, new ChannelInput("LinkedIn posts", ChannelReach.Online, ChannelKind.SocialMedia, 600m, 30_000, 0.2, null));

        // A milestone with tasks in every column, one of them overdue, so that the board, the marks and the progress show.
        var roadmap = server.Services.GetRequiredService<RoadmapService>();
        var pilot = await roadmap.CreateMilestoneAsync(ada, workspace.Id, new MilestoneInput("Sweep: pilot with three mills", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), "Three mills inspect with it weekly", []));
        foreach (var (title, status, due, days) in new[]
        {
            ("Call ten mills", RoadmapTaskStatus.ToDo, -2, 3.0), ("Price the pilot", RoadmapTaskStatus.ToDo, 10, 2.0), ("Label 500 fabric images", RoadmapTaskStatus.Doing, 5, 5.0),
            ("Sign the data agreement", RoadmapTaskStatus.Blocked, 3, 1.0), ("Write the pitch", RoadmapTaskStatus.Done, -5, 2.0),
        })
        {
            await roadmap.CreateTaskAsync(ada, workspace.Id, new RoadmapTaskInput(title, "", ada, null, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(due), days, status, pilot.Id, null, null, null));
        }

        await WaitForRunAsync(lab, ada, workspace.Id, runId);

        var kpis = server.Services.GetRequiredService<KpiService>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var kpi = await kpis.CreateAsync(ada, workspace.Id, new KpiInput(SweepKpiName, "mills", 20, 60, KpiDirection.Increase, today.AddDays(-60), today.AddMonths(2),
            "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", null, null, ada));
        foreach (var (days, value) in new[] { (-50, 22.0), (-30, 28.0), (-10, 33.0) })
        {
            await kpis.AddMeasurementAsync(ada, workspace.Id, kpi.Id, today.AddDays(days), value);
        }

        return new SweepData(kpi.Id, cohort.Id, exercise, invitationToken);
    }

    private static async Task WaitForRunAsync(TrainingService lab, string userId, Guid workspaceId, Guid runId)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(3); ; await Task.Delay(200))
        {
            var run = (await lab.GetAsync(userId, workspaceId, runId))!;
            if (run.Status == RunStatus.Completed)
            {
                return;
            }

            Assert.True(run.Status is RunStatus.Queued or RunStatus.Running, $"the sweep's lab run ended {run.Status}: {run.Error}");
            Assert.True(DateTime.UtcNow < deadline, $"the sweep's lab run was still {run.Status} after three minutes");
        }
    }
}
