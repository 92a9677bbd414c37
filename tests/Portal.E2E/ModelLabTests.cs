using Microsoft.Playwright;

namespace Portal.E2E;

public sealed class ModelLabTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string LossPoints = "() => document.querySelector('[data-testid=lab-loss-chart] .js-plotly-plot')?.data?.[0]?.x?.length ?? 0";

    [Fact]
    public async Task A_one_epoch_run_grows_its_chart_to_a_full_progress_bar_and_a_confusion_matrix()
    {
        var consoleErrors = new List<string>();
        var page = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
        await page.GotoAsync("w/loomsight/lab");
        await PortalServer.WaitUntilInteractiveAsync(page);
        // The form starts from the workspace's latest run, which another test may have widened: back to the guide's CNN.
        await page.Locator("[data-testid=lab-layer-reset]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-spec-totals]")).ToContainTextAsync("693,962");

        await page.Locator("input[data-testid=lab-run-name], [data-testid=lab-run-name] input").FillAsync("First look");
        // A wider convolution (four times the work of the guide's) keeps the run going long enough to watch it on a fast machine.
        await Fill(page, "lab-layer-outChannels", "128");
        await Assertions.Expect(page.Locator("[data-testid=lab-spec-totals]")).ToContainTextAsync("2,771,594");
        await Fill(page, "lab-epochs", "1");
        await Fill(page, "lab-batch", "16");
        await page.Locator("[data-testid=lab-train]").ClickAsync();

        // The curve extends while the run trains: seen short, then longer.
        await Assertions.Expect(page.Locator("[data-testid=lab-run] h2")).ToHaveTextAsync("First look");
        var early = 0;
        for (var deadline = DateTime.UtcNow.AddMinutes(2); early == 0; await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "no training metrics reached the chart within two minutes");
            early = await page.EvaluateAsync<int>(LossPoints);
        }

        await Assertions.Expect(page.Locator("[data-testid=lab-progress-bar]")).ToHaveAttributeAsync("data-value", "100", new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("[data-testid=lab-run] [data-testid=lab-status]").First).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        // 337 batches of 16, metrics every 20 and at the end: each point once, in order. The last extension may still be on its way.
        const int allPoints = 337 / 20 + 1;
        var late = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); late < allPoints && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            late = await page.EvaluateAsync<int>(LossPoints);
        }

        Assert.True(late > early, $"the loss curve had {early} points early and {late} at the end");
        var epochs = await page.EvaluateAsync<double[]>("() => document.querySelector('[data-testid=lab-loss-chart] .js-plotly-plot').data[0].x");
        Assert.True(allPoints == late, $"{late} points: {string.Join(", ", epochs)}; console: {string.Join(" | ", consoleErrors)}");
        Assert.Equal(epochs.Order(), epochs);
        Assert.Equal(epochs.Length, epochs.Distinct().Count());

        await Assertions.Expect(page.Locator("[data-testid=lab-confusion] .main-svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-test-accuracy]")).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("[data-testid=lab-class-scores] tbody tr")).ToHaveCountAsync(10);
        // In Chinese the classes, the axis and (below) the cost formulas read in Chinese.
        await Assertions.Expect(page.Locator("[data-testid=lab-class-scores]")).ToContainTextAsync("短靴");
        await Assertions.Expect(page.Locator("[data-testid=lab-loss-chart]")).ToContainTextAsync("轮次");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "lab-run.png"), FullPage = true });
        await page.Locator("[data-testid=lab-new-run]").ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ArtifactsDirectory, "lab-form.png") });
        // A long data set name once pushed the form wider than the window.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        var culprits = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width)).join(' | ')");
        Assert.True(overflow <= 0, $"the lab page is {overflow} px wider than the window: {culprits}");
        // The layer table shows every column (FLOPs, remove) without scrolling sideways.
        var hiddenColumns = await page.EvaluateAsync<int>("() => { const c = document.querySelector('.lab-layers .mud-table-container'); return c.scrollWidth - c.clientWidth; }");
        var columnWidths = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('.lab-layers thead th')].map(t => Math.round(t.getBoundingClientRect().width))");
        Assert.True(hiddenColumns <= 0, $"the layer table hides {hiddenColumns} px of its columns behind a scroll bar (columns {string.Join(", ", columnWidths)} px)");

        // The drawing pad asks the trained model.
        await page.GetByRole(AriaRole.Tab, new() { Name = "试一试" }).ClickAsync();
        var pad = page.Locator("[data-testid=lab-pad-canvas]");
        var box = (await pad.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 90, box.Y + 60);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 190, box.Y + 60, new() { Steps = 8 });
        await page.Mouse.MoveAsync(box.X + 190, box.Y + 230, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.Locator("[data-testid=lab-pad-predict]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-pad-result] .mud-progress-linear")).ToHaveCountAsync(5);

        // A picture instead: the browser scales it to 28 × 28 grey and the model answers again.
        await page.Locator("[data-testid=lab-pad-clear]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-pad-result]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=lab-pad] input[type=file]").SetInputFilesAsync(Path.Combine(PortalServer.RepositoryRoot, "src", "Portal", "wwwroot", "favicon.png"));
        await Assertions.Expect(page.Locator("[data-testid=lab-pad-result] .mud-progress-linear")).ToHaveCountAsync(5);

        // The cost of serving it goes into the canvas.
        await page.GetByRole(AriaRole.Tab, new() { Name = "成本" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-cost-training] tbody tr.lab-estimate")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("[data-testid=lab-cost-training]")).ToContainTextAsync("本服务器");
        await Assertions.Expect(page.Locator("[data-testid=lab-cost-training]")).ToContainTextAsync("个样本 × 1 轮");
        await Assertions.Expect(page.Locator("[data-testid=lab-cost-training]")).Not.ToContainTextAsync("This server");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "lab-cost.png"), FullPage = true });
        await page.Locator("[data-testid=lab-cost-to-canvas]").ClickAsync();
        await page.GotoAsync("w/loomsight/canvas");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("模型算力（每月）");

        // The same run in English; the form kept the last run's settings.
        await page.Locator("[data-testid=language-switch]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GotoAsync("w/loomsight/lab");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("input[data-testid=lab-epochs], [data-testid=lab-epochs] input")).ToHaveValueAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=lab-class-scores]")).ToContainTextAsync("Ankle boot");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "lab-run-en.png"), FullPage = true });
        await page.Locator("[data-testid=lab-new-run]").ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ArtifactsDirectory, "lab-form-en.png") });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Cost" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-cost-training]")).ToContainTextAsync("This server");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "lab-cost-en.png"), FullPage = true });
        await page.Locator("[data-testid=language-switch]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_run_stopped_and_resumed_on_an_open_page_keeps_each_point_once_in_order()
    {
        var consoleErrors = new List<string>();
        var page = await server.LogInAsync("founder.a@portal.local", consoleErrors: consoleErrors);
        await page.GotoAsync("w/loomsight/lab");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("input[data-testid=lab-run-name], [data-testid=lab-run-name] input").FillAsync("Stopped and resumed");
        // The wider convolution again, so that the second epoch is still training when the stop arrives.
        await Fill(page, "lab-layer-outChannels", "128");
        await Fill(page, "lab-epochs", "2");
        await Fill(page, "lab-batch", "16");
        await page.Locator("[data-testid=lab-train]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-run] h2")).ToHaveTextAsync("Stopped and resumed");

        // Into the second epoch (past its first points), then stop: the points measured so far in it are discarded by the resume.
        for (var deadline = DateTime.UtcNow.AddMinutes(3); await page.EvaluateAsync<double>(LastEpoch) < 1.3; await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not reach its second epoch within three minutes");
        }

        await page.Locator("[data-testid=lab-cancel]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-run] [data-testid=lab-status]").First).ToHaveAttributeAsync("data-status", "Cancelled", new() { Timeout = 60_000 });
        await page.Locator("[data-testid=lab-resume]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lab-run] [data-testid=lab-status]").First).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 180_000 });

        // Two epochs of 337 batches, metrics every 20 and at each epoch's end; the last extension may still be on its way.
        const int allPoints = 2 * (337 / 20 + 1);
        double[] epochs = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(10); epochs.Length != allPoints && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            epochs = await page.EvaluateAsync<double[]>("() => document.querySelector('[data-testid=lab-loss-chart] .js-plotly-plot').data[0].x");
        }

        Assert.True(epochs.Length == allPoints, $"{epochs.Length} points: {string.Join(", ", epochs)}");
        Assert.Equal(epochs.Order(), epochs);
        Assert.Equal(epochs.Length, epochs.Distinct().Count());
        Assert.Empty(consoleErrors);
    }

    private const string LastEpoch = "() => Math.max(0, ...(document.querySelector('[data-testid=lab-loss-chart] .js-plotly-plot')?.data?.[0]?.x ?? []))";

    private static async Task Fill(IPage page, string testId, string value)
    {
        var input = page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }
}
