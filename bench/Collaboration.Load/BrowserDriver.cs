using Microsoft.Playwright;

namespace Portal.Collaboration.Load;

/// <summary>
/// Debian's Chromium through Playwright (never a downloaded browser), one browser context per page so that each is its
/// own user session with its own Blazor circuit. Each account logs in once; its cookies are reused for every context.
/// </summary>
public sealed class BrowserDriver(IPlaywright playwright, IBrowser browser, Uri baseAddress) : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    /// <summary>The command name of every Chromium process (browser, GPU, renderers) in /proc.</summary>
    public const string ProcessName = "chromium";

    public const string Password = "Demo-Pass-2026";

    /// <summary>Generous: with forty pages, the portal and Chromium share two cores.</summary>
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, string> storageStates = [];

    public static async Task<BrowserDriver> LaunchAsync(Uri baseAddress)
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
        return new BrowserDriver(playwright, browser, baseAddress);
    }

    /// <summary>Signs in once through the login form and keeps the session's cookies for <see cref="OpenAsync"/>.</summary>
    public async Task LogInAsync(string email)
    {
        var context = await NewContextAsync(storageState: null);
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();
        storageStates[email] = await context.StorageStateAsync();
        await context.CloseAsync();
    }

    /// <summary>A new context signed in as <paramref name="email"/> at <paramref name="path"/>, once its circuit is up.</summary>
    public async Task<IPage> OpenAsync(string email, string path)
    {
        var context = await NewContextAsync(storageStates.TryGetValue(email, out var state)
            ? state
            : throw new InvalidOperationException($"{email} has not logged in."));
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
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

    private async Task<IBrowserContext> NewContextAsync(string? storageState)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        return context;
    }
}
