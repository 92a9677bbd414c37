namespace Portal.Features.Market;

/// <summary>The step from one funnel stage to the next: the share of the earlier stage's number that the later one holds.</summary>
/// <param name="Percent">Later ÷ earlier × 100; null when either number is missing or the earlier one is 0.</param>
/// <param name="Grows">The later stage is larger than the earlier one: allowed (other people can enter later), but worth a look.</param>
public sealed record FunnelStep(FunnelStageKind From, FunnelStageKind To, double? Percent, bool Grows);

/// <summary>
/// The conversions of the funnel and its weakest step. The weakest step is the step with the lowest conversion among
/// those that can be computed; of two equal ones, the earlier (nearer acquisition), since every later stage depends on it.
/// </summary>
public static class FunnelMath
{
    public static IReadOnlyList<FunnelStageKind> Stages { get; } = Enum.GetValues<FunnelStageKind>();

    /// <summary>One step per pair of consecutive stages, <paramref name="values"/> given in stage order.</summary>
    public static IReadOnlyList<FunnelStep> Steps(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        List<FunnelStep> steps = [];
        for (var i = 0; i + 1 < Stages.Count; i++)
        {
            var (from, to) = (i < values.Count ? values[i] : null, i + 1 < values.Count ? values[i + 1] : null);
            double? percent = from is > 0 && to is { } later ? later / from.Value * 100 : null;
            steps.Add(new FunnelStep(Stages[i], Stages[i + 1], percent, from is { } a && to is { } b && b > a));
        }

        return steps;
    }

    /// <summary>The lowest conversion; ties go to the earliest step; null when no step can be computed.</summary>
    public static FunnelStep? Weakest(IReadOnlyList<FunnelStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        FunnelStep? weakest = null;
        foreach (var step in steps)
        {
            // Strictly lower only: an equal later step leaves the earlier one weakest.
            if (step.Percent is { } percent && (weakest is null || percent < weakest.Percent))
            {
                weakest = step;
            }
        }

        return weakest;
    }
}
