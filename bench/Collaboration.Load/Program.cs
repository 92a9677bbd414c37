using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Portal.Collaboration.Load;

// Many people on one workspace's canvas: how long a note takes to reach every other open page, how soon the writer's
// box clears, what the portal spends doing it, and how fast it stops with all of them open and a model training.
// Results go to stdout, one line per figure set; progress goes to stderr.

const string Workspace = "loomsight";
const string CanvasPath = $"w/{Workspace}/canvas";
const string FounderA = "founder.a@portal.local";
const string FounderB = "founder.b@portal.local";
const int SeedNotes = 30;
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
await using var portal = PortalProcess.Start(arguments.PortalDll, arguments.PortalDirectory, arguments.PortalLogLevel);
Progress($"portal pid {portal.Id} at {portal.BaseAddress}, log {portal.LogPath}");
var firstPage = await portal.WaitForFirstPageAsync(TimeSpan.FromMinutes(3));
Console.WriteLine($"start_to_first_page_ms={firstPage.TotalMilliseconds:0}");

await using var browser = await BrowserDriver.LaunchAsync(portal.BaseAddress);
await browser.LogInAsync(FounderA);
await browser.LogInAsync(FounderB);
await SeedCanvasAsync();

List<CanvasPageDriver> open = [];
foreach (var (count, index) in arguments.Pages.Select((n, i) => (n, i)))
{
    await MeasureAsync(count);
    var keepForStopTest = arguments.StopTest && index == arguments.Pages.Count - 1 && count == arguments.Pages.Max();
    if (!keepForStopTest)
    {
        await CloseAllAsync();
    }
}

if (arguments.StopTest)
{
    if (open.Count == 0)
    {
        open = await OpenCanvasPagesAsync(arguments.Pages.Max());
    }

    await StopTestAsync();
}

await CloseAllAsync();
Progress($"load average at end: {MachineCpu.LoadAverage()}");
return 0;

async Task SeedCanvasAsync()
{
    var seeder = new CanvasPageDriver(await browser.OpenAsync(FounderA, CanvasPath));
    await seeder.InstallObserverAsync();
    var blocks = await seeder.BlocksAsync();
    for (var i = 0; i < SeedNotes; i++)
    {
        // A seed text carries a token too, so that waiting for it uses the same observer as the rounds.
        var text = CanvasPageDriver.NoteText(0, i);
        await seeder.AddNoteAsync(blocks[i % blocks.Count], text);
        if (await seeder.WaitForNoteAsync(text, TimeSpan.FromSeconds(30)) is null)
        {
            throw new InvalidOperationException($"Seed note {i} never showed in the page that added it.");
        }
    }

    await BrowserDriver.CloseAsync(seeder.Page);
    Progress($"seeded {SeedNotes} notes over {blocks.Count} blocks");
}

async Task MeasureAsync(int count)
{
    var rssBefore = portal.ResidentMegabytes();
    var opening = Stopwatch.StartNew();
    open = await OpenCanvasPagesAsync(count);
    var rssWithPages = portal.ResidentMegabytes();
    var notesBefore = await open[0].Page.Locator("[data-testid=canvas-note]").CountAsync();
    Progress($"{count} pages interactive in {opening.Elapsed.TotalSeconds:0.0} s; {notesBefore} notes on the canvas; RSS {rssBefore:0} -> {rssWithPages:0} MiB");
    var blocks = await open[0].BlocksAsync();

    var delivery = new LatencyStatistics();
    var writerClear = new LatencyStatistics();
    var writerShown = new LatencyStatistics();
    var missed = 0;
    var clearMissed = 0;
    var portalCpuBefore = portal.CpuTime();
    var browserCpuBefore = ProcFs.CpuTimeOfAll(BrowserDriver.ProcessName);
    var benchCpuBefore = ProcFs.CpuTimeOfSelfAndChildren();
    var machineBefore = MachineCpu.Now();
    var wall = Stopwatch.StartNew();
    for (var round = 0; round < arguments.Saves; round++)
    {
        var writer = open[round % count];
        var text = CanvasPageDriver.NoteText(count, round);
        var others = open.Where(p => p != writer).Select(p => p.WaitForNoteAsync(text, arguments.DeliveryTimeout)).ToList();
        // The box now clears in the browser on Enter; when the writer's own page shows the note, the portal has stored it.
        var own = writer.WaitForNoteAsync(text, arguments.DeliveryTimeout);
        await writer.AddNoteAsync(blocks[round % blocks.Count], text);
        var seen = await Task.WhenAll(others);
        var ownSeen = await own;
        var (enterAt, clearAt) = await writer.WriterTimesAsync(arguments.DeliveryTimeout);
        if (enterAt < 0)
        {
            throw new InvalidOperationException($"Round {round}: the writer page saw no Enter key.");
        }

        foreach (var at in seen)
        {
            if (at is { } value)
            {
                delivery.Add(value - enterAt);
            }
            else
            {
                missed++;
            }
        }

        if (ownSeen is { } shown)
        {
            writerShown.Add(shown - enterAt);
        }

        if (clearAt >= 0)
        {
            writerClear.Add(clearAt - enterAt);
        }
        else
        {
            clearMissed++;
        }

        // Lets the last renders of this note finish in every page, so that one round's work does not time the next.
        await Task.Delay(300);
    }

    var seconds = wall.Elapsed.TotalSeconds;
    var portalCpu = 100 * (portal.CpuTime() - portalCpuBefore).TotalSeconds / seconds;
    var browserCpu = 100 * (ProcFs.CpuTimeOfAll(BrowserDriver.ProcessName) - browserCpuBefore).TotalSeconds / seconds;
    var benchCpu = 100 * (ProcFs.CpuTimeOfSelfAndChildren() - benchCpuBefore).TotalSeconds / seconds;
    var machineCpu = MachineCpu.Now().PercentOfOneCoreSince(machineBefore);
    Console.WriteLine($"pages={count} deliver_p50_ms={delivery.Percentile(50)} deliver_p95_ms={delivery.Percentile(95)} deliver_max_ms={delivery.Max} "
        + $"writer_clear_p50_ms={writerClear.Percentile(50)} writer_clear_p95_ms={writerClear.Percentile(95)} writer_clear_max_ms={writerClear.Max} "
        + $"writer_shown_p50_ms={writerShown.Percentile(50)} writer_shown_p95_ms={writerShown.Percentile(95)} "
        + $"portal_cpu_pct={portalCpu:0} rss_per_page_mb={(rssWithPages - rssBefore) / count:0.00} missed={missed} "
        + $"writer_clear_missed={clearMissed} browser_cpu_pct={browserCpu:0} bench_cpu_pct={benchCpu:0} "
        + $"machine_cpu_pct={machineCpu:0} other_cpu_pct={machineCpu - portalCpu - browserCpu - benchCpu:0} canvas_notes={notesBefore} rounds_s={seconds:0.0}");
}

async Task<List<CanvasPageDriver>> OpenCanvasPagesAsync(int count)
{
    var pages = new CanvasPageDriver[count];
    // Four at a time: opening forty at once only queues them behind each other on two cores.
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
    {
        var page = new CanvasPageDriver(await browser.OpenAsync(i % 2 == 0 ? FounderA : FounderB, CanvasPath));
        await page.InstallObserverAsync();
        await page.InstallWriterClockAsync();
        pages[i] = page;
    });
    return [.. pages];
}

async Task CloseAllAsync()
{
    foreach (var page in open)
    {
        await BrowserDriver.CloseAsync(page.Page);
    }

    open = [];
}

async Task StopTestAsync()
{
    var lab = await browser.OpenAsync(FounderA, $"w/{Workspace}/lab");
    await lab.Locator("[data-testid=lab-train]").ClickAsync();
    var status = lab.Locator("[data-testid=lab-run] [data-testid=lab-status]").First;
    await lab.Locator("[data-testid=lab-run] [data-testid=lab-status][data-status=Running]").WaitForAsync(new() { Timeout = 180_000 });
    // Running is set when the job starts; the first progress means its batches are under way.
    var progress = "0";
    for (var deadline = DateTime.UtcNow.AddSeconds(60); progress == "0" && DateTime.UtcNow < deadline; await Task.Delay(200))
    {
        progress = await lab.Locator("[data-testid=lab-progress-bar]").GetAttributeAsync("data-value") ?? "0";
    }

    Progress($"training: status {await status.GetAttributeAsync("data-status")}, progress {progress}%, {open.Count} canvas pages open; sending SIGTERM at {DateTime.Now:HH:mm:ss.fff}");
    var stopped = await portal.TerminateAsync(TimeSpan.FromSeconds(120));
    var unhandled = portal.OutputLines(l => l.Contains("Unhandled", StringComparison.Ordinal));
    var cancelled = portal.OutputLines(l => l.Contains("OperationCanceledException", StringComparison.Ordinal));
    Console.WriteLine($"stop_ms={(stopped is { } time ? time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "timeout>120000")} "
        + $"exit_code={(stopped is null ? "n/a" : portal.ExitCode.ToString(CultureInfo.InvariantCulture))} "
        + $"log_unhandled={(unhandled.Count > 0 ? "yes" : "no")} log_operation_canceled={(cancelled.Count > 0 ? "yes" : "no")} pages_open={open.Count} run_progress_pct={progress}");
    foreach (var line in unhandled.Concat(cancelled).Distinct().Take(20))
    {
        Console.WriteLine($"  portal: {line}");
    }

    await BrowserDriver.CloseAsync(lab);
}

static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
