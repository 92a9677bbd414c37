using System.Diagnostics;
using Microsoft.Playwright;
using Npgsql;

namespace Portal.E2E;

/// <summary>
/// The scale-out layout on this machine, as <c>deploy/cluster.sh</c> starts it: PostgreSQL, Redis, two web nodes, a
/// worker and nginx with sticky sessions and TLS at <see cref="BaseAddress"/>; and Debian's Chromium. The nodes run the
/// build the tests were built with (the script publishes it), so the tests run after <c>dotnet build</c> as the others do.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Collection = "cluster";

    /// <summary>Three nodes start at once on two busy cores and take turns to migrate and seed: minutes, not seconds.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Under /tmp and not private: the script runs PostgreSQL as the postgres user, which must reach it.</summary>
    private readonly string directory = Path.Combine("/tmp", $"portal-cluster-e2e-{Guid.NewGuid():N}");
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>nginx: https://localhost:PORT/ with a certificate made for the run.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>DIR/cluster.env as last read: PORTAL_URL, and PORTAL_WEB1_URL, PORTAL_WEB1_PID and so on per node.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        try
        {
            await RunScriptAsync("start");
            BaseAddress = new Uri(Settings["PORTAL_URL"]);
            playwright = await Playwright.CreateAsync();
            Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = PortalServer.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: nothing may be left running.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>host:port of a node as nginx names it in X-Portal-Node, e.g. <c>Node("WEB1")</c>.</summary>
    public string Node(string name) => new Uri(Settings[$"PORTAL_{name}_URL"]).Authority;

    /// <summary>Runs <c>deploy/cluster.sh COMMAND DIR ARGS</c> (web-stop, worker-kill, …) and reads cluster.env again.</summary>
    public async Task RunScriptAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = PortalServer.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(PortalServer.RepositoryRoot, "deploy", "cluster.sh"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PORTAL_CONFIGURATION"] = BuildConfiguration();
        using var script = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await script.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            script.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {command} did not finish within {ScriptTimeout}. Output: {await output} Errors: {await errors}");
        }

        if (script.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {command} failed ({script.ExitCode}). Output: {await output} Errors: {await errors}");
        }

        var settingsFile = Path.Combine(directory, "cluster.env");
        if (File.Exists(settingsFile))
        {
            Settings = File.ReadLines(settingsFile)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));
        }
    }

    /// <summary>
    /// Starts again whatever an earlier test stopped (a web node, the worker), so that each test begins on the whole
    /// layout: two web nodes and a worker.
    /// </summary>
    public async Task EnsureWholeAsync()
    {
        foreach (var web in new[] { "1", "2" })
        {
            if (Settings[$"PORTAL_WEB{web}_PID"].Length == 0)
            {
                await RunScriptAsync("web-start", web);
            }
        }

        if (!Settings.Any(setting => setting.Key.StartsWith("PORTAL_WORKER", StringComparison.Ordinal) && setting.Key.EndsWith("_PID", StringComparison.Ordinal) && setting.Value.Length > 0))
        {
            await RunScriptAsync("worker-start");
        }
    }

    /// <summary>A connection to the cluster's PostgreSQL database, to see what the nodes stored.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(Settings["PORTAL_DATABASE"]);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A new browser (its own cookies, so its own sticky node) on nginx; the certificate is the run's own.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>The last lines of nginx's access log (which node answered what), for failure messages.</summary>
    public string RecentRequests(int lines = 30)
    {
        var log = Path.Combine(directory, "nginx", "access.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(lines)) : "(no nginx log)";
    }

    /// <summary>Debug or Release: the configuration these tests were built in (…/bin/Debug/net10.0/), whose portal build the script publishes.</summary>
    private static string BuildConfiguration()
    {
        var name = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name;
        return name is "Debug" or "Release" ? name : "Debug";
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Directory.Exists(directory))
        {
            await RunScriptAsync("stop");
        }
    }
}

/// <summary>The cluster tests share one cluster (it takes minutes to start) and run one after another on it.</summary>
[CollectionDefinition(ClusterFixture.Collection)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>;
