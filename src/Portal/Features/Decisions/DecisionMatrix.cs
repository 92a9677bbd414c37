namespace Portal.Features.Decisions;

/// <summary>
/// An option's place in the matrix: its weighted total (1–5) and rank, both null while it lacks a score on some
/// criterion (<see cref="MissingCriteria"/>) or no criterion has any weight.
/// </summary>
public sealed record OptionStanding(Guid OptionId, decimal? Total, int? Rank, IReadOnlyList<Guid> MissingCriteria);

/// <summary>
/// Moving one criterion's weight one way, the first weight at which another option draws level with the leader, how
/// far that is from the weight now, and who leads past it. A distance of 0 means the leaders are tied now and any move
/// that way settles the tie.
/// </summary>
public sealed record WeightBreakpoint(decimal Weight, decimal Distance, IReadOnlyList<Guid> Leaders);

/// <summary>How far a criterion's weight, the others fixed, must move up or down (within 0..max) for the leader to change.</summary>
public sealed record CriterionSensitivity(Guid CriterionId, int Weight, WeightBreakpoint? Up, WeightBreakpoint? Down)
{
    /// <summary>No weight of this criterion changes the leader.</summary>
    public bool LeaderHolds => Up is null && Down is null;
}

/// <summary>
/// The weighted decision matrix: each option's total is Σ weight × score / Σ weight. Only options scored on every
/// criterion are ranked (an unscored cell is not a zero, and leaving it out would rank options on different criteria);
/// the others are listed with what they miss. Ties share a rank (1, 1, 3). Pure: no database.
/// </summary>
public sealed record DecisionMatrix(int TotalWeight, IReadOnlyList<OptionStanding> Standings, IReadOnlyList<Guid> Leaders, IReadOnlyList<CriterionSensitivity> Sensitivity)
{
    public static DecisionMatrix Of(DecisionView decision) => Of(decision.Options, decision.Criteria, decision.Scores);

    public static DecisionMatrix Of(IReadOnlyList<DecisionOptionView> options, IReadOnlyList<DecisionCriterionView> criteria, IReadOnlyList<DecisionScoreView> scores)
    {
        var values = new Dictionary<(Guid, Guid), int>();
        foreach (var score in scores)
        {
            values[(score.OptionId, score.CriterionId)] = score.Value;
        }

        var weights = criteria.Select(c => c.Weight).ToArray();
        var totalWeight = weights.Sum();
        var complete = new List<Line>();
        var incomplete = new List<OptionStanding>();
        foreach (var (option, position) in options.Select((o, i) => (o, i)))
        {
            var missing = criteria.Where(c => !values.ContainsKey((option.Id, c.Id))).Select(c => c.Id).ToList();
            if (missing.Count > 0 || totalWeight == 0)
            {
                incomplete.Add(new OptionStanding(option.Id, null, null, missing));
                continue;
            }

            var row = criteria.Select(c => values[(option.Id, c.Id)]).ToArray();
            complete.Add(new Line(option.Id, position, row, Numerator(weights, row)));
        }

        // Every total shares the denominator Σ weight, so numerators rank them, exactly.
        var ranked = complete.OrderByDescending(l => l.Numerator).ThenBy(l => l.Position).ToList();
        var standings = ranked
            .Select(l => new OptionStanding(l.OptionId, (decimal)l.Numerator / totalWeight, 1 + ranked.Count(o => o.Numerator > l.Numerator), []))
            .Concat(incomplete)
            .ToList();
        var leaders = ranked.TakeWhile(l => l.Numerator == ranked[0].Numerator).ToList();
        var sensitivity = leaders.Count == 0
            ? []
            : criteria.Select((c, k) => new CriterionSensitivity(c.Id, c.Weight, Breakpoint(ranked, leaders, k, c.Weight, up: true), Breakpoint(ranked, leaders, k, c.Weight, up: false))).ToList();
        return new DecisionMatrix(totalWeight, standings, Ids(leaders), sensitivity);
    }

    /// <summary>
    /// With the other weights fixed, option i's numerator is A_i + w·s_ik, a line in the weight w of criterion k (all
    /// totals share the denominator W + w, so comparing numerators compares totals). Option i, gaining on leader L where
    /// s_ik ≠ s_Lk, draws level at w* = (A_L − A_i) / (s_ik − s_Lk); the nearest such w* within 0..max in the direction
    /// of the move is the answer, and past it the steepest of the options drawing level there leads.
    /// </summary>
    private static WeightBreakpoint? Breakpoint(List<Line> ranked, List<Line> leaders, int k, int weight, bool up)
    {
        if (up ? weight == DecisionCriterion.MaxWeight : weight == 0)
        {
            return null;
        }

        var sign = up ? 1 : -1;
        // Tied leaders part at once, in favour of whoever scores best (moving up) or worst (moving down) on k.
        var ahead = Steepest(leaders, k, sign);
        if (ahead.Count < leaders.Count)
        {
            return new WeightBreakpoint(weight, 0, Ids(ahead));
        }

        // All leaders now share one line: one of them speaks for all.
        var leader = leaders[0];
        var leaderRest = leader.Numerator - ((long)weight * leader.Scores[k]);
        (long Numerator, long Denominator)? nearest = null;
        var drawing = new List<Line>();
        foreach (var other in ranked.Skip(leaders.Count))
        {
            long gain = other.Scores[k] - leader.Scores[k];
            if (sign * gain <= 0)
            {
                continue;
            }

            var rest = other.Numerator - ((long)weight * other.Scores[k]);
            var (n, d) = gain > 0 ? (leaderRest - rest, gain) : (rest - leaderRest, -gain);
            if (n < 0 || n > (long)DecisionCriterion.MaxWeight * d)
            {
                continue;
            }

            // Fractions compared by cross-multiplying, so draws at the same w* are found exactly.
            var order = nearest is { } best ? sign * ((n * best.Denominator) - (best.Numerator * d)) : -1;
            if (order < 0)
            {
                (nearest, drawing) = ((n, d), [other]);
            }
            else if (order == 0)
            {
                drawing.Add(other);
            }
        }

        return nearest is { } at
            ? new WeightBreakpoint((decimal)at.Numerator / at.Denominator, (decimal)Math.Abs(at.Numerator - (weight * at.Denominator)) / at.Denominator, Ids(Steepest(drawing, k, sign)))
            : null;
    }

    private static List<Line> Steepest(List<Line> lines, int k, int sign)
    {
        var steepest = lines.Max(l => sign * l.Scores[k]);
        return lines.Where(l => sign * l.Scores[k] == steepest).ToList();
    }

    private static long Numerator(int[] weights, int[] scores) => weights.Zip(scores, (w, s) => (long)w * s).Sum();

    private static List<Guid> Ids(IEnumerable<Line> lines) => [.. lines.OrderBy(l => l.Position).Select(l => l.OptionId)];

    /// <summary>A complete option: its scores in criterion order and its numerator Σ weight × score.</summary>
    private sealed record Line(Guid OptionId, int Position, int[] Scores, long Numerator);
}
