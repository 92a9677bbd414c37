namespace Portal.Collaboration.Load;

/// <summary>
/// Loomsight's canvas in many browsers: the two accounts' sign-ins, the seed notes, and N canvas pages opened and
/// closed. Each page is its own browser context; in cluster mode the pages take the web nodes in turn, so that each
/// node holds its half.
/// </summary>
public sealed class CanvasLoad(BrowserDriver browser, LoadTarget target)
{
    public const string Workspace = "loomsight";
    public const string CanvasPath = $"w/{Workspace}/canvas";
    public const string FounderA = "founder.a@portal.local";
    public const string FounderB = "founder.b@portal.local";
    private const int SeedNotes = 30;

    /// <summary>The pages open now, in the order they were opened.</summary>
    public IReadOnlyList<CanvasPageDriver> Open { get; private set; } = [];

    /// <summary>Each account signs in once, on each web node in cluster mode; its cookies serve every later page there.</summary>
    public async Task LogInAsync()
    {
        foreach (var node in target.WebNodes)
        {
            await browser.LogInAsync(FounderA, node);
            await browser.LogInAsync(FounderB, node);
        }
    }

    /// <summary>One page (on the first web node) adds 30 notes and waits until it shows each.</summary>
    public async Task SeedAsync()
    {
        var seeder = new CanvasPageDriver(await browser.OpenAsync(FounderA, CanvasPath, target.WebNodes[0]), target.WebNodes[0]);
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
        BenchOutput.Progress($"seeded {SeedNotes} notes over {blocks.Count} blocks");
    }

    /// <summary>
    /// Opens <paramref name="count"/> canvas pages, four at a time (opening forty at once only queues them behind each
    /// other on two cores). Page i goes to web node i mod nodes; the accounts alternate within each node.
    /// </summary>
    public async Task OpenAsync(int count)
    {
        var pages = new CanvasPageDriver[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var node = target.NodeOfPage(i);
            var email = i / target.WebNodes.Count % 2 == 0 ? FounderA : FounderB;
            var page = new CanvasPageDriver(await browser.OpenAsync(email, CanvasPath, node), node);
            await page.InstallObserverAsync();
            await page.InstallWriterClockAsync();
            pages[i] = page;
        });
        Open = [.. pages];
    }

    public async Task CloseAllAsync()
    {
        foreach (var page in Open)
        {
            await BrowserDriver.CloseAsync(page.Page);
        }

        Open = [];
    }
}
