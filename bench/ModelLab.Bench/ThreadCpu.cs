using System.Globalization;

namespace Portal.ModelLab.Bench;

/// <summary>
/// CPU time of every thread of this process, by thread name, from Linux's <c>/proc/self/task/*/schedstat</c>
/// (nanoseconds on a CPU). Two cores train, so whatever other threads run during a measured run competes with
/// libtorch's team; this names them. OpenMP's workers take the name of the thread that started them.
/// </summary>
internal sealed class ThreadCpu
{
    private readonly Dictionary<int, (string Name, long Nanoseconds)> threads;

    private ThreadCpu(Dictionary<int, (string Name, long Nanoseconds)> threads) => this.threads = threads;

    public static ThreadCpu Now()
    {
        var threads = new Dictionary<int, (string, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return new ThreadCpu(threads);
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(folder, "comm")).Trim();
                var onCpu = long.Parse(File.ReadAllText(Path.Combine(folder, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture)] = (name, onCpu);
            }
            catch (IOException)
            {
                // The thread ended while it was being read.
            }
        }

        return new ThreadCpu(threads);
    }

    /// <summary>What each thread spent since <paramref name="start"/> (threads started since then count from zero).</summary>
    public ThreadCpu Since(ThreadCpu start) => new(threads.ToDictionary(t => t.Key,
        t => (t.Value.Name, t.Value.Nanoseconds - (start.threads.TryGetValue(t.Key, out var before) ? before.Nanoseconds : 0))));

    /// <summary>CPU milliseconds by thread name (and how many threads bear it), largest first, leaving out those under 1 ms.</summary>
    public override string ToString()
    {
        var byName = threads.Values
            .GroupBy(t => t.Name)
            .Select(g => (Name: g.Key, Milliseconds: g.Sum(t => t.Nanoseconds) / 1e6, Count: g.Count()))
            .Where(g => g.Milliseconds >= 1)
            .OrderByDescending(g => g.Milliseconds);
        return string.Join(", ", byName.Select(g => string.Create(CultureInfo.InvariantCulture, $"'{g.Name}' x{g.Count} {g.Milliseconds:F0}")));
    }
}
