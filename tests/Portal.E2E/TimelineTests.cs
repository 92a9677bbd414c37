using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;

namespace Portal.E2E;

/// <summary>A training run finishing while the timeline is open: it appears there live, and on the KPI bound to its accuracy with a link back to it.</summary>
public sealed class TimelineTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";

    [Fact]
    public async Task A_finished_run_appears_on_the_open_timeline_and_as_a_measurement_of_the_bound_kpi_with_a_link_to_the_run()
    {
        var consoleErrors = new List<string>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var ada = await server.UserIdAsync(Ada);
        Guid workspaceId;
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            workspaceId = await db.Workspaces.Where(w => w.Slug == "loomsight").Select(w => w.Id).SingleAsync();
        }

        var kpis = server.Services.GetRequiredService<KpiService>();
        var today = kpis.Today;
        var kpi = await kpis.CreateAsync(ada, workspaceId, new KpiInput(
            $"Test accuracy {tag}", "%", 50, 95, KpiDirection.Increase, today.AddDays(-7), today.AddMonths(3), "", "", "", "", null, null, ada,
            KpiLabMetric.TestAccuracy, LabDatasets.FashionMnist));

        // English, dark, a phone's width: the timeline is open, filtered to runs and KPIs, when the run finishes.
        var page = await server.SignedInPageAsync(Ada, consoleErrors);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "portal.theme", Value = "dark", Url = server.BaseAddress.ToString() },
            new Cookie { Name = ".AspNetCore.Culture", Value = "c=en|uic=en", Url = server.BaseAddress.ToString() },
        ]);
        await page.SetViewportSizeAsync(390, 860);
        await page.GotoAsync("w/loomsight/timeline");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=timeline-filter-run]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("groups=run$"));
        await page.Locator("[data-testid=timeline-filter-kpi]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("groups=kpi(%2C|,)run$"));
        await Assertions.Expect(page.Locator("[data-testid=timeline-filter-kpi]")).ToHaveAttributeAsync("aria-pressed", "true");

        var lab = server.Services.GetRequiredService<TrainingService>();
        var runName = $"Timeline run {tag}";
        var runId = await lab.EnqueueAsync(ada, workspaceId, new RunRequest(runName, LabDatasets.FashionMnist, ModelSpec.DefaultCnn,
            new TrainingOptions(Epochs: 1, BatchSize: 50, MetricsEverySteps: 5), MaxTrainingImages: 1000));

        var runEntry = page.Locator("[data-testid=timeline-entry][data-group=run]", new() { HasText = runName });
        await Assertions.Expect(runEntry).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(runEntry.Locator("[data-testid=timeline-detail]")).ToContainTextAsync("test accuracy");
        var measuredEntry = page.Locator("[data-testid=timeline-entry][data-group=kpi]", new() { HasText = $"Test accuracy {tag}" });
        await Assertions.Expect(measuredEntry).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(measuredEntry.Locator("[data-testid=timeline-detail]")).ToContainTextAsync($"by training run {runName}");
        Assert.Equal(0, await page.Locator("[data-testid=timeline-entry][data-group=risk]").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "timeline-en-dark-390.png"), FullPage = true });

        // The entry opens the run in the lab.
        await runEntry.Locator("[data-testid=timeline-link]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"lab\\?run={runId}$"));
        await Assertions.Expect(page.Locator("[data-testid=lab-run] h2")).ToHaveTextAsync(runName);

        // The KPI's page lists the measurement with its run.
        await page.GotoAsync($"w/loomsight/kpis/{kpi.Id}");
        await PortalServer.WaitUntilInteractiveAsync(page);
        var run = (await lab.GetAsync(ada, workspaceId, runId))!;
        var row = page.Locator("[data-testid=measurement-row]").First;
        await Assertions.Expect(row).ToContainTextAsync(DateOnly.FromDateTime(run.FinishedAt!.Value.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(row).ToContainTextAsync((run.TestAccuracy!.Value * 100).ToString("#,##0.####", System.Globalization.CultureInfo.GetCultureInfo("en")));
        await Assertions.Expect(row.Locator("[data-testid=measurement-run-link]")).ToHaveAttributeAsync("href", $"w/loomsight/lab?run={runId}");
        await Assertions.Expect(page.Locator("[data-testid=kpi-lab-binding-note]")).ToContainTextAsync("replaces");
        Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "timeline-kpi-en-dark-390.png"), FullPage = true });

        // And in Chinese, the default, the timeline reads in Chinese and still fits.
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=zh-CN|uic=zh-CN", Url = server.BaseAddress.ToString() }]);
        await page.GotoAsync("w/loomsight/timeline");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("时间线");
        await Assertions.Expect(page.Locator("[data-testid=timeline-entry][data-group=run]", new() { HasText = runName })).ToContainTextAsync("训练完成");
        Assert.Null(await page.EvaluateAsync<string?>(VisualSweepTests.OverflowScript));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "timeline-zh-dark-390.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }
}
