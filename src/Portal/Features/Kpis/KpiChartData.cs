using System.Globalization;
using System.Text;

namespace Portal.Features.Kpis;

/// <summary>The lines a KPI's charts draw, as pure functions so that their numbers have tests.</summary>
public static class KpiChartData
{
    /// <summary>
    /// The planned path as the status rule reads it: flat at the baseline before the start date, the straight
    /// line to the target on the deadline, flat at the target after it. The flat ends appear only as far as
    /// measurements reach beyond the line.
    /// </summary>
    public static IReadOnlyList<KpiPoint> PlannedPath(KpiView kpi)
    {
        var path = new List<KpiPoint>();
        if (kpi.Measurements.Count > 0 && kpi.Measurements[0].Date < kpi.StartDate)
        {
            path.Add(new KpiPoint(kpi.Measurements[0].Date, kpi.Baseline));
        }

        path.Add(new KpiPoint(kpi.StartDate, kpi.Baseline));
        path.Add(new KpiPoint(kpi.Deadline, kpi.Target));
        if (kpi.Measurements.Count > 0 && kpi.Measurements[^1].Date > kpi.Deadline)
        {
            path.Add(new KpiPoint(kpi.Measurements[^1].Date, kpi.Target));
        }

        return path;
    }

    /// <summary>
    /// SVG polyline points for a sparkline of <paramref name="width"/> × <paramref name="height"/>: the
    /// planned path and the measurements on one time and value scale, higher values further up.
    /// </summary>
    public static (string Planned, string Actual) Sparkline(KpiView kpi, double width, double height, double padding = 2)
    {
        var planned = PlannedPath(kpi);
        var all = planned.Concat(kpi.Measurements).ToList();
        var firstDay = all.Min(p => p.Date.DayNumber);
        var lastDay = all.Max(p => p.Date.DayNumber);
        var low = all.Min(p => p.Value);
        var high = all.Max(p => p.Value);
        var days = Math.Max(1, lastDay - firstDay);
        var range = high - low == 0 ? 1 : high - low;

        string Points(IEnumerable<KpiPoint> points)
        {
            var text = new StringBuilder();
            foreach (var point in points)
            {
                var x = padding + ((point.Date.DayNumber - firstDay) * (width - (2 * padding)) / days);
                var y = padding + ((high - point.Value) * (height - (2 * padding)) / range);
                text.Append(text.Length == 0 ? "" : " ")
                    .Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        return (Points(planned), Points(kpi.Measurements));
    }
}
