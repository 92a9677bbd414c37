using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Portal.Collaboration.Load;

/// <summary>
/// The scale-out layout as <c>deploy/cluster.sh start</c> makes it (PostgreSQL, Redis, two web nodes, a worker, nginx
/// with TLS and sticky sessions), from the released build, in a fresh folder under /tmp. Dispose, Ctrl-C, SIGTERM or
/// SIGHUP runs <c>cluster.sh stop</c> (which deletes the folder) after copying the nodes' and nginx's logs out of it.
/// </summary>
public sealed class PortalCluster : IAsyncDisposable
{
    /// <summary>Three nodes start at once on two busy cores and take turns to migrate and seed: minutes, not seconds.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private static readonly string[] WebNodeNames = ["web1", "web2"];
    private static readonly PosixSignal[] ExitSignals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    private readonly string script;
    /// <summary>Under /tmp and not private: the script runs PostgreSQL as the postgres user, which must reach it.</summary>
    private readonly string directory = Path.Combine("/tmp", $"collaboration-load-cluster-{Guid.NewGuid():N}");
    private readonly List<PosixSignalRegistration> signals;
    private int stopped;

    private PortalCluster(string portalDirectory)
    {
        script = Path.Combine(portalDirectory, "deploy", "cluster.sh");
        // The nodes run in their own sessions (setsid), so a Ctrl-C does not reach them: the bench stops them on its
        // way out, then lets the signal end it as it would have.
        signals = [.. ExitSignals.Select(signal => PosixSignalRegistration.Create(signal, _ => StopOnSignal()))];
    }

    /// <summary>nginx: https://localhost:PORT/ with a self-signed certificate made for the run.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>web1 and web2: each one's pid, its address as nginx names it, and a portal_node value nginx sends to it.</summary>
    public IReadOnlyList<PortalNode> WebNodes { get; private set; } = [];

    public PortalNode Worker { get; private set; } = null!;

    /// <summary>How long <c>cluster.sh start</c> took: publishing, PostgreSQL and Redis, every node ready, nginx.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>Where the logs are copied when the cluster stops.</summary>
    public string LogFolder { get; } = Path.Combine(Path.GetTempPath(), $"collaboration-load-cluster-{DateTime.Now:yyyyMMdd-HHmmss}");

    /// <summary>Starts the cluster from <c>src/Portal/bin/Release/net10.0</c> (the script publishes it) and finds each web node's pin.</summary>
    public static async Task<PortalCluster> StartAsync(string portalDirectory)
    {
        var cluster = new PortalCluster(portalDirectory);
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.Run(() => cluster.RunScript("start"));
            cluster.StartTime = clock.Elapsed;
            var settings = File.ReadLines(Path.Combine(cluster.directory, "cluster.env"))
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));
            cluster.BaseAddress = new Uri(settings["PORTAL_URL"]);
            var webNodes = WebNodeNames
                .Select(name => new PortalNode(name, Pid(settings, name), new Uri(settings[$"PORTAL_{name.ToUpperInvariant()}_URL"]).Authority))
                .ToList();
            var pins = await FindPinsAsync(cluster.BaseAddress, [.. webNodes.Select(node => node.Authority!)]);
            cluster.WebNodes = [.. webNodes.Select(node => node with { Pin = pins[node.Authority!] })];
            cluster.Worker = new PortalNode("worker", Pid(settings, "worker1"));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Task.Run(Stop);

    /// <summary>Copies the logs out and stops everything; once, whichever of dispose and the signals comes first.</summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        signals.ForEach(signal => signal.Dispose());
        if (!Directory.Exists(directory))
        {
            return;
        }

        CopyLogs();
        RunScript("stop");
        BenchOutput.Progress($"cluster stopped; its logs are in {LogFolder}");
    }

    private void StopOnSignal()
    {
        try
        {
            Stop();
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"Stopping the cluster in {directory} failed: {error.Message}");
        }
    }

    private void CopyLogs()
    {
        Directory.CreateDirectory(LogFolder);
        var nodes = Path.Combine(directory, "nodes");
        List<(string From, string To)> logs =
        [
            .. (Directory.Exists(nodes) ? Directory.EnumerateDirectories(nodes) : []).Select(node => (Path.Combine(node, "portal.log"), $"{Path.GetFileName(node)}.log")),
            (Path.Combine(directory, "nginx", "access.log"), "nginx-access.log"),
            (Path.Combine(directory, "nginx", "error.log"), "nginx-error.log"),
        ];
        foreach (var (from, to) in logs.Where(log => File.Exists(log.From)))
        {
            File.Copy(from, Path.Combine(LogFolder, to), overwrite: true);
        }
    }

    /// <summary>Runs <c>cluster.sh COMMAND DIR</c> with the Release build; its output goes to stderr as it comes.</summary>
    private void RunScript(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        start.Environment["PORTAL_CONFIGURATION"] = "Release";
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Forward(line.Data);
        process.ErrorDataReceived += (_, line) => Forward(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {command} did not finish within {ScriptTimeout}.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {command} {directory} failed with exit code {process.ExitCode} (its output is above).");
        }
    }

    /// <summary>A node's pid from cluster.env (empty there when the node is not running).</summary>
    private static int Pid(Dictionary<string, string> settings, string node) =>
        int.TryParse(settings[$"PORTAL_{node.ToUpperInvariant()}_PID"], CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new InvalidOperationException($"cluster.env gives {node} no pid: it is not running.");

    private static void Forward(string? line)
    {
        if (line is not null)
        {
            Console.Error.WriteLine($"  cluster.sh: {line}");
        }
    }

    /// <summary>
    /// nginx chooses a web node by hashing the portal_node cookie (consistently: a value keeps its node while both run).
    /// Random values are tried on /health/live until each node has one; X-Portal-Node says which node answered.
    /// </summary>
    private static async Task<Dictionary<string, string>> FindPinsAsync(Uri nginx, IReadOnlyCollection<string> authorities)
    {
        // The certificate is the run's own, self-signed.
        using var handler = new HttpClientHandler
        {
            UseCookies = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        using var http = new HttpClient(handler) { BaseAddress = nginx, Timeout = TimeSpan.FromSeconds(10) };
        var pins = new Dictionary<string, string>();
        for (var attempt = 1; pins.Count < authorities.Count; attempt++)
        {
            if (attempt > 64)
            {
                throw new InvalidOperationException($"64 portal_node values all went to {string.Join(", ", pins.Keys)}: nginx does not spread them.");
            }

            var pin = Guid.NewGuid().ToString("N");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("health/live", UriKind.Relative));
            request.Headers.Add("Cookie", $"portal_node={pin}");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var node = BrowserDriver.LastNode(response.Headers.TryGetValues("X-Portal-Node", out var values) ? values.FirstOrDefault() : null);
            if (node is null || !authorities.Contains(node))
            {
                throw new InvalidOperationException($"nginx named '{node}' in X-Portal-Node, not one of {string.Join(", ", authorities)}.");
            }

            pins.TryAdd(node, pin);
        }

        return pins;
    }
}
