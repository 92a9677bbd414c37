using Microsoft.Playwright;

namespace Portal.Collaboration.Load;

/// <summary>
/// Debian's Chromium through Playwright (never a downloaded browser), one browser context per page so that each is its
/// own user session with its own Blazor circuit. Each account logs in once (per web node in cluster mode); its cookies
/// are reused for every context. In cluster mode a context carries the <c>portal_node</c> cookie of its web node, so
/// that nginx sends its requests and its circuit there, and the node that answered is checked.
/// </summary>
public sealed class BrowserDriver(IPlaywright playwright, IBrowser browser, Uri baseAddress, bool ignoreHttpsErrors) : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    /// <summary>The command name of every Chromium process (browser, GPU, renderers) in /proc.</summary>
    public const string ProcessName = "chromium";

    public const string Password = "Demo-Pass-2026";

    /// <summary>nginx's sticky-session cookie (deploy/cluster.sh): the upstream is chosen by hashing its value.</summary>
    private const string PinCookie = "portal_node";

    /// <summary>Generous: with forty pages, the portal and Chromium share two cores.</summary>
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, string> storageStates = [];

    /// <param name="ignoreHttpsErrors">For the cluster's nginx, whose certificate is self-signed.</param>
    public static async Task<BrowserDriver> LaunchAsync(Uri baseAddress, bool ignoreHttpsErrors = false)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException($"Chromium is missing at {ChromiumPath}: apt-get install -y chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new BrowserDriver(playwright, browser, baseAddress, ignoreHttpsErrors);
    }

    /// <summary>Signs in once through the login form (on <paramref name="node"/>) and keeps the session's cookies for <see cref="OpenAsync"/>.</summary>
    public async Task LogInAsync(string email, PortalNode node)
    {
        var context = await NewContextAsync(storageState: null, node);
        var page = await context.NewPageAsync();
        await GoAsync(page, "Account/Login", node);
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();
        storageStates[StateKey(email, node)] = await context.StorageStateAsync();
        await context.CloseAsync();
    }

    /// <summary>A new context signed in as <paramref name="email"/> at <paramref name="path"/> on <paramref name="node"/>, once its circuit is up.</summary>
    public async Task<IPage> OpenAsync(string email, string path, PortalNode node)
    {
        var context = await NewContextAsync(storageStates.TryGetValue(StateKey(email, node), out var state)
            ? state
            : throw new InvalidOperationException($"{email} has not logged in on {node.Name}."), node);
        var page = await context.NewPageAsync();
        await GoAsync(page, path, node);
        // Blazor Server drops clicks and keys made before its circuit is up; the layout renders this marker once it is.
        await page.Locator("[data-testid=interactive-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>
    /// Leaves the page before closing its context, so that Blazor's unload handler tells the portal to drop the circuit
    /// now; a circuit that merely disconnects is kept (and keeps receiving updates) for minutes.
    /// </summary>
    public static async Task CloseAsync(IPage page)
    {
        try
        {
            await page.GotoAsync("about:blank");
        }
        catch (PlaywrightException)
        {
            // The portal may already be gone (after the stop test); closing the context is all that is left.
        }

        await page.Context.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    /// <summary>nginx lists every node it tried ("a, b" when a was down); the last one answered.</summary>
    public static string? LastNode(string? header) =>
        header?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();

    private static string StateKey(string email, PortalNode node) => $"{email} on {node.Name}";

    /// <summary>Goes to <paramref name="path"/>; in cluster mode, fails unless <paramref name="node"/> answered (X-Portal-Node).</summary>
    private static async Task GoAsync(IPage page, string path, PortalNode node)
    {
        var response = await page.GotoAsync(path);
        if (node.Authority is null)
        {
            return;
        }

        var answered = LastNode(response is null ? null : await response.HeaderValueAsync("x-portal-node"));
        if (answered != node.Authority)
        {
            throw new InvalidOperationException($"{path} was meant for {node.Name} ({node.Authority}) but {answered ?? "no node (no X-Portal-Node header)"} answered.");
        }
    }

    private async Task<IBrowserContext> NewContextAsync(string? storageState, PortalNode node)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            IgnoreHTTPSErrors = ignoreHttpsErrors,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        if (node.Pin is not null)
        {
            // Replaces the pin a signed-in state may carry; with the cookie set, nginx sets none of its own.
            await context.AddCookiesAsync([new Cookie
            {
                Name = PinCookie,
                Value = node.Pin,
                Url = baseAddress.ToString(),
                Secure = true,
                HttpOnly = true,
                SameSite = SameSiteAttribute.Lax,
            }]);
        }

        return context;
    }
}
