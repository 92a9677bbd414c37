using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The real portal on Kestrel at a free 127.0.0.1 port with its own data folder, and Debian's
/// Chromium driven by Playwright (which never downloads a browser here).
/// </summary>
public sealed class PortalServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Longer than the host's 30 s default, so that a slow stop is reported (see DisposeAsync) rather than failed.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A stop slower than this is written to <c>slow-shutdowns.txt</c>, which <c>.ci/run</c> prints.</summary>
    private static readonly TimeSpan SlowShutdown = TimeSpan.FromSeconds(5);

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "portal-e2e", Guid.NewGuid().ToString("N"));
    private readonly ShutdownWitness witness = new();
    private readonly Dictionary<string, string> signedInStates = [];
    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>http://localhost:PORT/ — a host name rather than the IP, since WebAuthn on the login page rejects IP origins.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The folder holding Portal.sln (the tests' own folder if none is found above them).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? AppContext.BaseDirectory;
        }
    }

    public static string ArtifactsDirectory
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "test-artifacts", "e2e");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The running portal's services, for checking what it stored.</summary>
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("The portal is not running.");

    public async Task InitializeAsync()
    {
        // On a busy two-core machine a chart or a live update can take longer than Playwright's 5 s default to show:
        // every expectation waits up to 15 s for its condition (a passing one still returns as soon as it holds).
        Assertions.SetDefaultExpectTimeout(15_000);
        factory = StartPortal(port: 0);
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseAddress = new Uri($"http://localhost:{new Uri(address).Port}/");

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>
    /// Stops the portal as a deployment would (open pages stay open in the browser), runs <paramref name="whileStopped"/>,
    /// and starts a new one on the same port with the same data.
    /// </summary>
    public async Task RestartAsync(Func<Task> whileStopped)
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
            factory = null;
        }

        await whileStopped();
        factory = StartPortal(BaseAddress.Port);
    }

    private WebApplicationFactory<Program> StartPortal(int port)
    {
        var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:DataDirectory", dataDirectory);
            builder.UseSetting("Portal:SeedDemoData", "true");
            // The model lab trains on the committed Fashion-MNIST subset and looks at its job queue often.
            builder.UseSetting("ModelLab:FashionMnistFolder", Path.Combine(dataDirectory, "no-full-set"));
            builder.UseSetting("ModelLab:QueuePollSeconds", "0.2");
            // Warnings and errors only: start-up and job-engine chatter would push failures out of the visible end of the CI log.
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(logging => logging.AddProvider(witness.NewLoggerProvider()));
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<IStartupFilter>(witness);
                services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
            });
        });
        portal.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        portal.StartServer();
        return portal;
    }

    /// <summary>The id of the account with this e-mail, for tests that set up data through the services.</summary>
    public async Task<string> UserIdAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Data.ApplicationUser>>();
        return (await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account uses {email}.")).Id;
    }

    public async Task<IPage> NewPageAsync(IList<string>? consoleErrors = null, string? storageState = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            StorageState = storageState,
        });
        var page = await context.NewPageAsync();
        if (consoleErrors is not null)
        {
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add(message.Text);
                }
            };
            page.PageError += (_, error) => consoleErrors.Add(error);
        }

        return page;
    }

    /// <summary>A new browser context signed in with a seeded demo account.</summary>
    public async Task<IPage> LogInAsync(string email, string password = "Demo-Pass-2026", IList<string>? consoleErrors = null)
    {
        var page = await NewPageAsync(consoleErrors);
        await page.GotoAsync("Account/Login");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();
        return page;
    }

    /// <summary>
    /// A new browser context signed in with a seeded demo account, through the login form only the first time: the
    /// portal answers more than 10 sign-ins a minute from one address with 429, which a test opening many pages as
    /// several people would reach.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email, IList<string>? consoleErrors = null)
    {
        if (!signedInStates.TryGetValue(email, out var state))
        {
            var page = await LogInAsync(email);
            state = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
            signedInStates[email] = state;
        }

        return await NewPageAsync(consoleErrors, state);
    }

    /// <summary>Blazor Server drops clicks made before its circuit is up; the layout shows this marker once it is.</summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Waits until the canvas's add boxes take Enter: drafts.js binds them after the canvas has loaded, which on a busy
    /// machine is well after the page turned interactive (until then Enter does nothing and the text stays).
    /// </summary>
    public static async Task WaitUntilCanvasAddBoxesReadyAsync(IPage page)
    {
        await WaitUntilInteractiveAsync(page);
        await page.Locator("[data-add-boxes-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// Waits until the page is at <paramref name="url"/>; if it never gets there, fails with what the page showed
    /// instead (its address, alerts, error banner and console errors) and a screenshot, since a bare timeout says nothing.
    /// </summary>
    public static async Task ExpectUrlAsync(IPage page, Regex url, IEnumerable<string>? consoleErrors = null)
    {
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(url);
        }
        catch (PlaywrightException)
        {
            var screenshot = Path.Combine(ArtifactsDirectory, $"failed-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            var alerts = await page.Locator(".mud-alert").AllInnerTextsAsync();
            var errorBanner = await page.Locator("#blazor-error-ui").IsVisibleAsync();
            Assert.Fail($"Expected the page at {url} but it stayed at {page.Url}. Alerts: [{string.Join(" | ", alerts)}]; "
                + $"error banner shown: {errorBanner}; console errors: [{string.Join(" | ", consoleErrors ?? [])}]; screenshot: {screenshot}");
        }
    }

    public async Task DisposeAsync()
    {
        // Each step is timed, and what the portal was still serving when asked to stop is kept, so that a slow or
        // failed stop (one failed in CI with a bare OperationCanceledException) says where its time went.
        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        var openAtStop = "";
        try
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
                steps.Add($"browser closed at {clock.ElapsedMilliseconds} ms");
            }

            playwright?.Dispose();
            steps.Add($"Playwright stopped at {clock.ElapsedMilliseconds} ms");
            if (factory is not null)
            {
                openAtStop = witness.OpenRequests();
                await factory.DisposeAsync();
                steps.Add($"portal stopped at {clock.ElapsedMilliseconds} ms");
            }
        }
        catch (Exception error)
        {
            throw new InvalidOperationException($"Stopping the E2E portal failed at {clock.ElapsedMilliseconds} ms. {Report()}", error);
        }

        if (clock.Elapsed > SlowShutdown)
        {
            await File.AppendAllTextAsync(Path.Combine(ArtifactsDirectory, "slow-shutdowns.txt"), $"{DateTime.UtcNow:HH:mm:ss} a slow stop: {Report()}\n");
        }

        string Report() => $"Steps: [{string.Join("; ", steps)}]; requests open when the portal was asked to stop: [{openAtStop}]; "
            + $"still open: [{witness.OpenRequests()}]; its last warnings: [{witness.RecentWarnings()}]";

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // No test wrote anything.
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean from the temp folder.
        }
    }
}
