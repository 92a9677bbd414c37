using System.Globalization;
using Microsoft.Playwright;
using Portal.Collaboration.Load;
using static Portal.Collaboration.Load.BenchOutput;

// Many people on one workspace's canvas: how long a note takes to reach every other open page, how soon the writer's
// box clears, what the portal spends doing it, and how fast it stops with all of them open and a model training.
// With --cluster the same rounds run through nginx against deploy/cluster.sh's two web nodes, half the pages on each.
// Results go to stdout, one line per figure set; progress goes to stderr.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync(error.Message);
    return 2;
}

Progress($"load average at start: {MachineCpu.LoadAverage()}");
var exitCode = arguments.Cluster ? await RunClusterAsync() : await RunEmbeddedAsync();
Progress($"load average at end: {MachineCpu.LoadAverage()}");
return exitCode;

async Task<int> RunEmbeddedAsync()
{
    await using var portal = PortalProcess.Start(arguments.PortalDll, arguments.PortalDirectory, arguments.PortalLogLevel);
    Progress($"portal pid {portal.Id} at {portal.BaseAddress}, log {portal.LogPath}");
    var firstPage = await portal.WaitForFirstPageAsync(TimeSpan.FromMinutes(3));
    Console.WriteLine($"start_to_first_page_ms={firstPage.TotalMilliseconds:0}");

    var target = new LoadTarget([new PortalNode("portal", portal.Id)]);
    await using var browser = await BrowserDriver.LaunchAsync(portal.BaseAddress);
    var canvas = await RunStepsAsync(browser, target);
    if (arguments.RunsStopTest)
    {
        if (canvas.Open.Count == 0)
        {
            await canvas.OpenAsync(arguments.Pages.Max());
        }

        await StopTestAsync(browser, canvas, portal, target.WebNodes[0]);
    }

    await canvas.CloseAllAsync();
    return 0;
}

async Task<int> RunClusterAsync()
{
    Progress("cluster mode: starting deploy/cluster.sh (PostgreSQL, Redis, two web nodes, a worker, nginx) from the Release build");
    await using var cluster = await PortalCluster.StartAsync(arguments.PortalDirectory);
    var nodes = string.Join(", ", cluster.WebNodes.Append(cluster.Worker).Select(n => $"{n.Name} pid {n.Pid}{(n.Authority is null ? "" : $" at {n.Authority}")}"));
    Progress($"cluster at {cluster.BaseAddress}: {nodes}; its logs go to {cluster.LogFolder} when it stops");
    Progress("cluster mode: start_to_first_page_ms and the stop test are about the one embedded portal process, so they are skipped");
    Console.WriteLine($"cluster_start_ms={cluster.StartTime.TotalMilliseconds:0} start_to_first_page_ms=skipped stop_ms=skipped");

    var target = new LoadTarget(cluster.WebNodes, cluster.Worker);
    await using var browser = await BrowserDriver.LaunchAsync(cluster.BaseAddress, ignoreHttpsErrors: true);
    var canvas = await RunStepsAsync(browser, target);
    await canvas.CloseAllAsync();
    return 0;
}

// Signs in, seeds the canvas and measures each N of --pages; the pages of the last step stay open for the stop test.
async Task<CanvasLoad> RunStepsAsync(BrowserDriver browser, LoadTarget target)
{
    var canvas = new CanvasLoad(browser, target);
    await canvas.LogInAsync();
    await canvas.SeedAsync();
    var rounds = new DeliveryRounds(canvas, target, arguments);
    foreach (var (count, index) in arguments.Pages.Select((n, i) => (n, i)))
    {
        await rounds.MeasureAsync(count);
        var keepForStopTest = arguments.RunsStopTest && index == arguments.Pages.Count - 1 && count == arguments.Pages.Max();
        if (!keepForStopTest)
        {
            await canvas.CloseAllAsync();
        }
    }

    return canvas;
}

async Task StopTestAsync(BrowserDriver browser, CanvasLoad canvas, PortalProcess portal, PortalNode node)
{
    var lab = await browser.OpenAsync(CanvasLoad.FounderA, $"w/{CanvasLoad.Workspace}/lab", new PortalNode("portal", portal.Id));
    await lab.Locator("[data-testid=lab-train]").ClickAsync();
    var status = lab.Locator("[data-testid=lab-run] [data-testid=lab-status]").First;
    await lab.Locator("[data-testid=lab-run] [data-testid=lab-status][data-status=Running]").WaitForAsync(new() { Timeout = 180_000 });
    // Running is set when the job starts; the first progress means its batches are under way.
    var progress = "0";
    for (var deadline = DateTime.UtcNow.AddSeconds(60); progress == "0" && DateTime.UtcNow < deadline; await Task.Delay(200))
    {
        progress = await lab.Locator("[data-testid=lab-progress-bar]").GetAttributeAsync("data-value") ?? "0";
    }

    Progress($"training: status {await status.GetAttributeAsync("data-status")}, progress {progress}%, {canvas.Open.Count} canvas pages open; sending SIGTERM at {DateTime.Now:HH:mm:ss.fff}");
    var stopped = await portal.TerminateAsync(TimeSpan.FromSeconds(120));
    var unhandled = portal.OutputLines(l => l.Contains("Unhandled", StringComparison.Ordinal));
    var cancelled = portal.OutputLines(l => l.Contains("OperationCanceledException", StringComparison.Ordinal));
    Console.WriteLine($"stop_ms={(stopped is { } time ? time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "timeout>120000")} "
        + $"exit_code={(stopped is null ? "n/a" : portal.ExitCode.ToString(CultureInfo.InvariantCulture))} "
        + $"log_unhandled={(unhandled.Count > 0 ? "yes" : "no")} log_operation_canceled={(cancelled.Count > 0 ? "yes" : "no")} pages_open={canvas.Open.Count} run_progress_pct={progress}");
    foreach (var line in unhandled.Concat(cancelled).Distinct().Take(20))
    {
        Console.WriteLine($"  portal: {line}");
    }

    await BrowserDriver.CloseAsync(lab);
}
