using System.Globalization;

namespace Portal.Collaboration.Load;

/// <summary>Percentiles by nearest rank: every figure reported is a latency that was really measured.</summary>
public sealed class LatencyStatistics
{
    private readonly List<long> samples = [];

    public int Count => samples.Count;

    public void Add(long milliseconds) => samples.Add(milliseconds);

    public string Percentile(double percent)
    {
        if (samples.Count == 0)
        {
            return "n/a";
        }

        var sorted = samples.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)].ToString(CultureInfo.InvariantCulture);
    }

    public string Max => samples.Count == 0 ? "n/a" : samples.Max().ToString(CultureInfo.InvariantCulture);
}
