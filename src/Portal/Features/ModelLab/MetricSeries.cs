namespace Portal.Features.ModelLab;

/// <summary>A run's metric points as a page holds them: in training order, one point per epoch and step.</summary>
public static class MetricSeries
{
    /// <summary>
    /// Adds points that arrived (by event or query) to those shown. A point already shown (same id) is skipped; a point
    /// at or before the last shown epoch and step means the run was resumed from a checkpoint and is measuring that part
    /// again, so the shown points from there on, which the server deleted, give way to it.
    /// </summary>
    /// <returns>True when shown points were removed, so a chart that can only extend must be drawn again.</returns>
    public static bool Merge(List<MetricPoint> shown, IEnumerable<MetricPoint> arrived)
    {
        var rewritten = false;
        var ids = shown.Select(p => p.Id).ToHashSet();
        foreach (var point in arrived)
        {
            if (!ids.Add(point.Id))
            {
                continue;
            }

            var keep = shown.FindLastIndex(p => (p.Epoch, p.Step).CompareTo((point.Epoch, point.Step)) < 0) + 1;
            if (keep < shown.Count)
            {
                shown.RemoveRange(keep, shown.Count - keep);
                rewritten = true;
            }

            shown.Add(point);
        }

        return rewritten;
    }

    /// <summary>The validated epoch with the lowest validation loss (the earlier one on a tie); null before any epoch was validated.</summary>
    public static (int Epoch, double Loss)? BestEpoch(IEnumerable<MetricPoint> points) =>
        points.Where(p => p.ValidationLoss.HasValue).OrderBy(p => p.ValidationLoss).ThenBy(p => p.Epoch)
            .Select(p => ((int, double)?)(p.Epoch, p.ValidationLoss!.Value)).FirstOrDefault();
}
