using System.Globalization;
using System.Runtime.InteropServices;

namespace Portal.Collaboration.Load;

/// <summary>CPU time and resident memory of processes, read from /proc as <c>top</c> does.</summary>
public static partial class ProcFs
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK on Linux

    private static long ClockTicksPerSecond { get; } = SysConf(ScClockTicks) is > 0 and var ticks ? ticks : 100;

    /// <summary>User plus system CPU time of every thread of the process (fields 14 and 15 of /proc/PID/stat).</summary>
    public static TimeSpan CpuTime(int pid) => TryCpuTime(pid, out _, out _) ?? throw new InvalidOperationException($"Process {pid} is gone.");

    /// <summary>This process and its children (for the bench: itself and Playwright's driver, which runs on Node).</summary>
    public static TimeSpan CpuTimeOfSelfAndChildren()
    {
        var self = Environment.ProcessId;
        return CpuTime(self) + Sum((_, parent) => parent == self);
    }

    /// <summary>
    /// The summed CPU time of every process with this command name, e.g. all of Chromium's browser, GPU and renderer
    /// processes ("chromium"). A process that ends between two readings takes its time with it.
    /// </summary>
    public static TimeSpan CpuTimeOfAll(string command) => Sum((name, _) => name == command);

    /// <summary>Resident memory in MiB, from VmRSS in /proc/PID/status.</summary>
    public static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }

    private static TimeSpan Sum(Func<string, int, bool> where)
    {
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && TryCpuTime(pid, out var command, out var parent) is { } time && where(command, parent))
            {
                total += time;
            }
        }

        return total;
    }

    private static TimeSpan? TryCpuTime(int pid, out string command, out int parent)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Gone since the listing, or not ours to read.
            command = "";
            parent = 0;
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        command = stat[(open + 1)..close];
        var fields = stat[(close + 2)..].Split(' ');
        parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
