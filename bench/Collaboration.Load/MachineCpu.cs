using System.Globalization;

namespace Portal.Collaboration.Load;

/// <summary>
/// Busy time of the whole machine from /proc/stat: the portal shares the cores with Chromium (a renderer per page) and
/// with whatever else runs, so its latencies read differently when the machine is saturated.
/// </summary>
public readonly record struct MachineCpu(long BusyTicks, long TotalTicks)
{
    public static MachineCpu Now()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", summed over all cores.
        var fields = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        return new MachineCpu(fields.Sum() - idle, fields.Sum());
    }

    /// <summary>Busy share since <paramref name="earlier"/> as % of one core (200 is two cores fully busy).</summary>
    public double PercentOfOneCoreSince(MachineCpu earlier) =>
        TotalTicks == earlier.TotalTicks ? 0 : 100.0 * Environment.ProcessorCount * (BusyTicks - earlier.BusyTicks) / (TotalTicks - earlier.TotalTicks);

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
