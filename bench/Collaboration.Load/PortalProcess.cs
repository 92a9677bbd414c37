using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Portal.Collaboration.Load;

/// <summary>
/// The released portal as its own OS process (Development settings, a fresh data folder, a free port), so that its CPU
/// and memory can be read from /proc without the bench's own threads in them, and so that it can be stopped by SIGTERM.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process process;
    private readonly List<string> output = [];
    private readonly StreamWriter log;
    private readonly Stopwatch sinceStart = new();

    private PortalProcess(Process process, Uri baseAddress, string dataDirectory, string logPath)
    {
        this.process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        LogPath = logPath;
        log = new StreamWriter(logPath) { AutoFlush = true };
    }

    /// <summary>http://localhost:PORT/ for the browser: the login page's WebAuthn script rejects IP origins.</summary>
    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>Everything the portal wrote to stdout and stderr; kept after the data folder is deleted.</summary>
    public string LogPath { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static PortalProcess Start(string portalDll, string portalDirectory, string logLevel)
    {
        if (!File.Exists(portalDll))
        {
            throw new FileNotFoundException($"The released portal is missing at {portalDll}. Build it first: cd {portalDirectory} && dotnet build -c Release src/Portal");
        }

        var port = FreePort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "collaboration-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(portalDirectory, "src", "Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(portalDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Portal__DataDirectory"] = dataDirectory;
        start.Environment["Logging__LogLevel__Default"] = logLevel;
        // Times on every line, so that the log of a slow stop says when each thing happened.
        start.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";

        var process = new Process { StartInfo = start };
        var logPath = Path.Combine(Path.GetTempPath(), $"collaboration-load-portal-{DateTime.Now:yyyyMMdd-HHmmss}.log");
        var portal = new PortalProcess(process, new Uri($"http://localhost:{port}/"), dataDirectory, logPath);
        process.OutputDataReceived += (_, line) => portal.Record(line.Data);
        process.ErrorDataReceived += (_, line) => portal.Record(line.Data);
        portal.sinceStart.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return portal;
    }

    /// <summary>Polls <c>GET /</c> until it answers 200; the time from the process start to then.</summary>
    public async Task<TimeSpan> WaitForFirstPageAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{BaseAddress.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        while (sinceStart.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {process.ExitCode} before serving a page; its log: {LogPath}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return sinceStart.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The portal served no page within {timeout.TotalSeconds:0} s; its log: {LogPath}");
    }

    /// <summary>User plus system CPU time of the whole process (every thread).</summary>
    public TimeSpan CpuTime() => ProcFs.CpuTime(Id);

    /// <summary>Resident memory in MiB.</summary>
    public double ResidentMegabytes() => ProcFs.ResidentMegabytes(Id);

    /// <summary>Sends SIGTERM (what systemd and docker stop send) and times the exit; null if it outlived <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        if (Kill(Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return clock.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public int ExitCode => process.ExitCode;

    public IReadOnlyList<string> OutputLines(Func<string, bool> where)
    {
        lock (output)
        {
            return [.. output.Where(where)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        lock (output)
        {
            log.Dispose();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException error)
        {
            await Console.Error.WriteLineAsync($"Could not delete {DataDirectory}: {error.Message}");
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
            log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
