using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Cohorts;
using Portal.Features.Kpis;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>
/// Every page in both languages, both themes and at a desktop and a phone width: a screenshot of each, and what a
/// person would notice or a screen reader would trip over (sideways scrolling, script errors, serious axe findings).
/// </summary>
public sealed class VisualSweepTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string SweepKpiName = "Sweep: paying mills";

    /// <summary>axe-core from npm, kept beside the tests (see axe/LICENSE) so that the sweep never fetches a script.</summary>
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

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
        var (kpiId, cohortId) = await SeedOnceAsync();
        var pages = SweepPages(kpiId, cohortId);
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

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

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
    private static readonly (string Rule, string Selector)[] KnownExclusions =
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
    private const string OverflowScript = """
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

    private const string AxeScript = """
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
    /// <param name="WaitFor">What the page draws after it loads (Plotly charts, diagrams), waited for before the screenshot.</param>
    private sealed record SweepPage(string Name, string Url, string? Account, bool Interactive = true, params string[] WaitFor);

    private const string KpiChart = "[data-testid=kpi-chart] .main-svg";
    private const string RiskChart = "[data-testid=risk-heatmap] .main-svg";

    private static List<SweepPage> SweepPages(Guid kpiId, Guid cohortId) =>
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
        new("kpi", $"w/loomsight/kpis/{kpiId}", DemoSeeder.FounderAEmail, true, KpiChart),
        new("risks", "w/loomsight/risks", DemoSeeder.FounderAEmail, true, RiskChart),
        new("plan", "w/loomsight/plan", DemoSeeder.FounderAEmail, true, KpiChart, RiskChart),
        new("lab", "w/loomsight/lab", DemoSeeder.FounderAEmail),
        new("account-manage", "Account/Manage", DemoSeeder.FounderAEmail, Interactive: false),
        new("cohorts", "cohorts", DemoSeeder.InstructorEmail),
        new("cohort-dashboard", $"cohorts/{cohortId}", DemoSeeder.InstructorEmail, true, "[data-testid=progress-chart] .main-svg"),
        new("admin-users", "admin/users", DemoSeeder.AdminEmail),
    ];

    /// <summary>
    /// A KPI with measurements, a few risks and a cohort the workspace has joined, so that the tool pages and the
    /// instructor's dashboard show data and draw their charts; once per portal.
    /// </summary>
    private async Task<(Guid KpiId, Guid CohortId)> SeedOnceAsync()
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var workspace = await db.Workspaces.Where(w => w.Slug == DemoSeeder.WorkspaceSlug).Select(w => new { w.Id, w.CohortId }).SingleAsync();
        var existing = await db.Set<Kpi>().Where(k => k.WorkspaceId == workspace.Id && k.Name == SweepKpiName).Select(k => (Guid?)k.Id).SingleOrDefaultAsync();
        if (existing is { } id && workspace.CohortId is { } joined)
        {
            return (id, joined);
        }

        var ada = await db.Users.Where(u => u.Email == DemoSeeder.FounderAEmail).Select(u => u.Id).SingleAsync();
        var instructor = await db.Users.Where(u => u.Email == DemoSeeder.InstructorEmail).Select(u => u.Id).SingleAsync();
        var cohort = await server.Services.GetRequiredService<CohortService>().CreateAsync(instructor, new CohortInput(
            "Sweep cohort", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60), []));
        await server.Services.GetRequiredService<WorkspaceService>().JoinCohortAsync(ada, workspace.Id, cohort.JoinCode);
        var risks = server.Services.GetRequiredService<RiskService>();
        foreach (var (title, likelihood, impact) in new[] { ("Vendor stops shipping", 4, 5), ("Mill churn", 3, 4), ("Slow payments", 2, 3), ("Typo in the manual", 1, 2) })
        {
            await risks.CreateAsync(ada, workspace.Id, new RiskInput(RiskCategory.MarketCompetition, title, "", likelihood, impact, ada, "", null, RiskStatus.Open, 1, 1));
        }

        var kpis = server.Services.GetRequiredService<KpiService>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var kpi = await kpis.CreateAsync(ada, workspace.Id, new KpiInput(SweepKpiName, "mills", 20, 60, KpiDirection.Increase, today.AddDays(-60), today.AddMonths(2),
            "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", null, null, ada));
        foreach (var (days, value) in new[] { (-50, 22.0), (-30, 28.0), (-10, 33.0) })
        {
            await kpis.AddMeasurementAsync(ada, workspace.Id, kpi.Id, today.AddDays(days), value);
        }

        return (kpi.Id, cohort.Id);
    }
}
