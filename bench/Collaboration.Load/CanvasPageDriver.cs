using Microsoft.Playwright;

namespace Portal.Collaboration.Load;

/// <summary>
/// One open canvas page. Times are taken inside the page with Date.now(): every page runs on this machine, so the
/// writer's Enter and another page's first sight of the note are on one clock. The scripts go through
/// <c>EvaluateAsync</c> (CDP), since the portal's Content-Security-Policy refuses eval in the page itself.
/// </summary>
public sealed class CanvasPageDriver(IPage page, PortalNode node)
{
    /// <summary>A note text made by <see cref="NoteText"/>; the observer looks for this shape in every note.</summary>
    private const string TokenPattern = @"load-\d+-\d+-[0-9a-f]{8}";

    /// <summary>
    /// Records, for every bench token, when it is first in a [data-testid=canvas-note]. A MutationObserver callback runs
    /// right after the DOM change that Blazor's render batch made, before the next paint.
    /// </summary>
    private const string InstallObserverScript = """
        pattern => {
            if (window.__loadBench) return;
            const seen = new Map();
            const waiters = new Set();
            const regex = new RegExp(pattern, 'g');
            const scan = () => {
                const now = Date.now();
                for (const note of document.querySelectorAll('[data-testid=canvas-note]')) {
                    for (const match of note.textContent.matchAll(regex)) {
                        if (!seen.has(match[0])) seen.set(match[0], now);
                    }
                }
                for (const waiter of [...waiters]) {
                    if (seen.has(waiter.text)) { waiters.delete(waiter); clearTimeout(waiter.timer); waiter.resolve(seen.get(waiter.text)); }
                }
            };
            new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
            scan();
            window.__loadBench = {
                waitFor: (text, timeoutMs) => new Promise(resolve => {
                    if (seen.has(text)) { resolve(seen.get(text)); return; }
                    const waiter = { text, resolve };
                    waiter.timer = setTimeout(() => { waiters.delete(waiter); resolve(null); }, timeoutMs);
                    waiters.add(waiter);
                }),
            };
        }
        """;

    /// <summary>
    /// In the writer: the Enter key's time (a capture listener, before Blazor's own), then a 5 ms poll of the box's value
    /// until the portal's render empties it. Polled, since Blazor sets the value property and no event or mutation says so.
    /// </summary>
    private const string InstallWriterClockScript = """
        () => {
            if (window.__loadWriter) return;
            const state = { enterAt: null, clearAt: null };
            document.addEventListener('keydown', e => {
                if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return;
                const box = e.target;
                state.enterAt = Date.now();
                state.clearAt = null;
                const timer = setInterval(() => {
                    if (box.value === '') { state.clearAt = Date.now(); clearInterval(timer); }
                }, 5);
                setTimeout(() => clearInterval(timer), 60000);
            }, true);
            window.__loadWriter = state;
        }
        """;

    private const string WriterTimesScript = """
        timeoutMs => new Promise(resolve => {
            const state = window.__loadWriter;
            const started = Date.now();
            const check = () => {
                if (state.clearAt !== null || Date.now() - started > timeoutMs) resolve([state.enterAt ?? -1, state.clearAt ?? -1]);
                else setTimeout(check, 20);
            };
            check();
        })
        """;

    public IPage Page => page;

    /// <summary>The portal process (in cluster mode, the web node) that serves this page and its circuit.</summary>
    public PortalNode Node => node;

    public static string NoteText(int pages, int round) => $"Round {round} note load-{pages}-{round}-{Guid.NewGuid().ToString("N")[..8]}";

    public static string Token(string noteText) => noteText[(noteText.LastIndexOf(' ') + 1)..];

    /// <summary>Waits until the page's add boxes answer Enter (before that, Enter leaves the text in the box), then watches for notes.</summary>
    public async Task InstallObserverAsync()
    {
        // The canvas renders its blocks once its data has loaded, which can come after the circuit is up (on the
        // cluster's PostgreSQL it does): until then the page holds a progress bar and no add box.
        await page.Locator("input[data-testid^='add-']").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        // Portals before the browser owned the add boxes (to measure them too) have no such mark.
        if (await page.Locator("[data-add-box]").CountAsync() > 0)
        {
            await page.Locator("[data-add-boxes-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        }

        await page.EvaluateAsync(InstallObserverScript, TokenPattern);
    }

    public Task InstallWriterClockAsync() => page.EvaluateAsync(InstallWriterClockScript);

    /// <summary>The canvas's blocks, from the add boxes' data-testids (<c>add-Channels</c> and so on).</summary>
    public async Task<IReadOnlyList<string>> BlocksAsync()
    {
        var ids = await page.Locator("input[data-testid^='add-']").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.dataset.testid)");
        return [.. ids.Select(id => id["add-".Length..])];
    }

    /// <summary>Types the text into a block's add box and presses Enter, as a person does.</summary>
    public async Task AddNoteAsync(string block, string text)
    {
        var box = page.Locator($"input[data-testid=add-{block}]");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>When this page first showed the note (Unix ms), or null if it did not within the timeout.</summary>
    public async Task<long?> WaitForNoteAsync(string noteText, TimeSpan timeout)
    {
        var seenAt = await page.EvaluateAsync<double?>("([text, ms]) => window.__loadBench.waitFor(text, ms)", new object[] { Token(noteText), timeout.TotalMilliseconds });
        return seenAt is { } value ? (long)value : null;
    }

    /// <summary>The writer's last Enter and the time its box was empty again (Unix ms); -1 where not seen.</summary>
    public async Task<(long EnterAt, long ClearAt)> WriterTimesAsync(TimeSpan timeout)
    {
        var times = await page.EvaluateAsync<double[]>(WriterTimesScript, timeout.TotalMilliseconds);
        return ((long)times[0], (long)times[1]);
    }
}
