using System.Diagnostics;

namespace Portal.Collaboration.Load;

/// <summary>
/// One step of the bench: N canvas pages open and <c>--saves</c> rounds run. In a round one page (the writer, taking
/// turns among the pages on the first web node) adds a note, and every other page's first sight of it is timed; in
/// cluster mode those pages are on both web nodes. Prints the step's line on stdout.
/// </summary>
public sealed class DeliveryRounds(CanvasLoad canvas, LoadTarget target, BenchArguments arguments)
{
    /// <summary>Opens <paramref name="count"/> pages, runs the rounds and prints the figures; the pages stay open.</summary>
    public async Task MeasureAsync(int count)
    {
        var rssBefore = target.ResidentMegabytes();
        var opening = Stopwatch.StartNew();
        await canvas.OpenAsync(count);
        var open = canvas.Open;
        var rssWithPages = target.ResidentMegabytes();
        var notesBefore = await open[0].Page.Locator("[data-testid=canvas-note]").CountAsync();
        BenchOutput.Progress($"{count} pages interactive in {opening.Elapsed.TotalSeconds:0.0} s; {notesBefore} notes on the canvas; RSS {rssBefore:0} -> {rssWithPages:0} MiB");
        var blocks = await open[0].BlocksAsync();
        var writers = open.Where(p => p.Node == target.WebNodes[0]).ToList();

        var delivery = new LatencyStatistics();
        var deliveryByNode = target.WebNodes.ToDictionary(node => node.Name, _ => new LatencyStatistics());
        var writerClear = new LatencyStatistics();
        var writerShown = new LatencyStatistics();
        var missed = 0;
        var clearMissed = 0;
        var portalCpuBefore = target.CpuTimes();
        var browserCpuBefore = ProcFs.CpuTimeOfAll(BrowserDriver.ProcessName);
        var benchCpuBefore = ProcFs.CpuTimeOfSelfAndChildren();
        var machineBefore = MachineCpu.Now();
        var wall = Stopwatch.StartNew();
        for (var round = 0; round < arguments.Saves; round++)
        {
            var writer = writers[round % writers.Count];
            var text = CanvasPageDriver.NoteText(count, round);
            var others = open.Where(p => p != writer).ToList();
            var waits = others.Select(p => p.WaitForNoteAsync(text, arguments.DeliveryTimeout)).ToList();
            // The box now clears in the browser on Enter; when the writer's own page shows the note, the portal has stored it.
            var own = writer.WaitForNoteAsync(text, arguments.DeliveryTimeout);
            await writer.AddNoteAsync(blocks[round % blocks.Count], text);
            var seen = await Task.WhenAll(waits);
            var ownSeen = await own;
            var (enterAt, clearAt) = await writer.WriterTimesAsync(arguments.DeliveryTimeout);
            if (enterAt < 0)
            {
                throw new InvalidOperationException($"Round {round}: the writer page saw no Enter key.");
            }

            foreach (var (page, at) in others.Zip(seen))
            {
                if (at is { } value)
                {
                    delivery.Add(value - enterAt);
                    deliveryByNode[page.Node.Name].Add(value - enterAt);
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
        var cpu = target.CpuTimes().ToDictionary(pair => pair.Key, pair => 100 * (pair.Value - portalCpuBefore[pair.Key]).TotalSeconds / seconds);
        var portalCpu = target.WebNodes.Sum(node => cpu[node.Name]);
        var workerCpu = target.Worker is { } worker ? cpu[worker.Name] : 0;
        var browserCpu = 100 * (ProcFs.CpuTimeOfAll(BrowserDriver.ProcessName) - browserCpuBefore).TotalSeconds / seconds;
        var benchCpu = 100 * (ProcFs.CpuTimeOfSelfAndChildren() - benchCpuBefore).TotalSeconds / seconds;
        var machineCpu = MachineCpu.Now().PercentOfOneCoreSince(machineBefore);
        var line = $"pages={count} deliver_p50_ms={delivery.Percentile(50)} deliver_p95_ms={delivery.Percentile(95)} deliver_max_ms={delivery.Max} "
            + $"writer_clear_p50_ms={writerClear.Percentile(50)} writer_clear_p95_ms={writerClear.Percentile(95)} writer_clear_max_ms={writerClear.Max} "
            + $"writer_shown_p50_ms={writerShown.Percentile(50)} writer_shown_p95_ms={writerShown.Percentile(95)} "
            + $"portal_cpu_pct={portalCpu:0} rss_per_page_mb={(rssWithPages - rssBefore) / count:0.00} missed={missed} "
            + $"writer_clear_missed={clearMissed} browser_cpu_pct={browserCpu:0} bench_cpu_pct={benchCpu:0} "
            + $"machine_cpu_pct={machineCpu:0} other_cpu_pct={machineCpu - portalCpu - workerCpu - browserCpu - benchCpu:0} canvas_notes={notesBefore} rounds_s={seconds:0.0}";
        if (target.IsCluster)
        {
            // Per web node: its pages, the deliveries to them (the writers are on the first), and its CPU; then the worker's.
            foreach (var node in target.WebNodes)
            {
                var stats = deliveryByNode[node.Name];
                line += $" pages_{node.Name}={open.Count(p => p.Node == node)} deliver_{node.Name}_p50_ms={stats.Percentile(50)} "
                    + $"deliver_{node.Name}_p95_ms={stats.Percentile(95)} deliver_{node.Name}_max_ms={stats.Max} {node.Name}_cpu_pct={cpu[node.Name]:0}";
            }

            line += $" worker_cpu_pct={workerCpu:0}";
        }

        Console.WriteLine(line);
    }
}
