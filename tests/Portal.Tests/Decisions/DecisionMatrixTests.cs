using CsCheck;
using Portal.Features.Decisions;

namespace Portal.Tests.Decisions;

/// <summary>
/// Totals, ranking and sensitivity against examples worked by hand. Notation: N = Σ weight × score (the total's
/// numerator, W = Σ weight its denominator); for criterion k, A_i = N_i − w_k·s_ik, and option i draws level with
/// leader L at w* = (A_L − A_i) / (s_ik − s_Lk).
/// </summary>
public sealed class DecisionMatrixTests
{
    [Fact]
    public void Totals_are_weighted_means_and_the_leader_falls_to_the_nearest_challenger_either_way()
    {
        // Performance 50, Cost 30 (W = 80).   A: 5, 2   B: 3, 5   C: 4, 3
        // N_A = 250 + 60 = 310 (3.875), N_B = 150 + 150 = 300 (3.75), N_C = 200 + 90 = 290 (3.625): A leads.
        var sheet = new Sheet().Criterion("Performance", 50).Criterion("Cost", 30)
            .Option("A", 5, 2).Option("B", 3, 5).Option("C", 4, 3);

        var matrix = sheet.Matrix();

        Assert.Equal(80, matrix.TotalWeight);
        Assert.Equal([("A", 3.875m, 1), ("B", 3.75m, 2), ("C", 3.625m, 3)], matrix.Standings.Select(s => (sheet.Name(s.OptionId), s.Total!.Value, s.Rank!.Value)));
        Assert.Equal("A", sheet.Names(matrix.Leaders));

        // Cost up from 30: A_A = 250, A_B = 150, A_C = 200. B draws level at (250 − 150) / (5 − 2) = 100/3 ≈ 33.3,
        // C at (250 − 200) / (3 − 2) = 50: B first, 10/3 away (at 100/3: A = 250 + 200/3 = B = 150 + 500/3).
        // Cost down: A scores lowest on cost (2), so lowering it only helps A.
        var cost = sheet.Sensitivity(matrix, "Cost");
        Assert.Equal((100m / 3, 10m / 3, "B"), (cost.Up!.Weight, cost.Up.Distance, sheet.Names(cost.Up.Leaders)));
        Assert.Null(cost.Down);

        // Performance down from 50: A_A = 60, A_B = 150, A_C = 90. B draws level at (60 − 150) / (3 − 5) = 45,
        // C at (60 − 90) / (4 − 5) = 30: B first, 5 away (at 45: A = 225 + 60 = B = 135 + 150 = 285).
        // Performance up: A scores highest (5), so raising it only helps A.
        var performance = sheet.Sensitivity(matrix, "Performance");
        Assert.Null(performance.Up);
        Assert.Equal((45m, 5m, "B"), (performance.Down!.Weight, performance.Down.Distance, sheet.Names(performance.Down.Leaders)));
        Assert.False(performance.LeaderHolds);
    }

    [Fact]
    public void A_criterion_no_weight_of_which_overturns_the_leader_says_so()
    {
        // Performance 80, Cost 10.   A: 5, 3   B: 2, 5.   N_A = 400 + 30 = 430, N_B = 160 + 50 = 210: A leads.
        // Cost up: B gains 2 a unit and draws level at (400 − 160) / (5 − 3) = 120 > 100, the maximum: never
        // (at 100: A = 400 + 300 = 700 > B = 160 + 500 = 660). Cost down: B scores higher on cost, so never.
        var sheet = new Sheet().Criterion("Performance", 80).Criterion("Cost", 10).Option("A", 5, 3).Option("B", 2, 5);

        var matrix = sheet.Matrix();

        var cost = sheet.Sensitivity(matrix, "Cost");
        Assert.True(cost.LeaderHolds);
        Assert.Equal((10, null, null), (cost.Weight, cost.Up, cost.Down));

        // Performance down: A_A = 30, A_B = 50; B draws level at (30 − 50) / (2 − 5) = 20/3 ≈ 6.7, 220/3 away.
        var performance = sheet.Sensitivity(matrix, "Performance");
        Assert.Equal((20m / 3, 220m / 3, "B"), (performance.Down!.Weight, performance.Down.Distance, sheet.Names(performance.Down.Leaders)));
    }

    [Fact]
    public void Tied_options_share_a_rank_and_any_move_of_a_criterion_they_differ_on_settles_the_tie()
    {
        // Performance 50, Cost 50.   A: 4, 2   B: 2, 4   C: 3, 1   D: 5, (no cost score)
        // N_A = 200 + 100 = 300, N_B = 100 + 200 = 300, N_C = 150 + 50 = 200: A and B tie at 3, C is third at 2.
        // D is not ranked, though its performance is the best: an unscored cell is not a zero.
        var sheet = new Sheet().Criterion("Performance", 50).Criterion("Cost", 50)
            .Option("A", 4, 2).Option("B", 2, 4).Option("C", 3, 1).Option("D", 5, null);

        var matrix = sheet.Matrix();

        Assert.Equal([("A", 3m, 1), ("B", 3m, 1), ("C", 2m, 3)], matrix.Standings.Where(s => s.Rank is not null).Select(s => (sheet.Name(s.OptionId), s.Total!.Value, s.Rank!.Value)));
        var unranked = Assert.Single(matrix.Standings, s => s.Rank is null);
        Assert.Equal(("D", (decimal?)null, "Cost"), (sheet.Name(unranked.OptionId), unranked.Total, sheet.Names(unranked.MissingCriteria)));
        Assert.Equal("A, B", sheet.Names(matrix.Leaders));

        // More weight on performance favours A (4 > 2), less favours B; cost the other way round. Distance 0: at once.
        var performance = sheet.Sensitivity(matrix, "Performance");
        var cost = sheet.Sensitivity(matrix, "Cost");
        Assert.Equal((50m, 0m, "A"), (performance.Up!.Weight, performance.Up.Distance, sheet.Names(performance.Up.Leaders)));
        Assert.Equal("B", sheet.Names(performance.Down!.Leaders));
        Assert.Equal("B", sheet.Names(cost.Up!.Leaders));
        Assert.Equal("A", sheet.Names(cost.Down!.Leaders));
    }

    [Fact]
    public void When_two_options_draw_level_at_the_same_weight_the_steeper_leads_past_it()
    {
        // Performance 60, Cost 40.   L: 5, 1   X: 3, 3   Y: 1, 5.   N_L = 340, N_X = 300, N_Y = 260.
        // Cost up: A_L = 300, A_X = 180, A_Y = 60. X at (300 − 180) / (3 − 1) = 60, Y at (300 − 60) / (5 − 1) = 60:
        // at 60 all three make 360; past it Y, gaining 4 a unit on L to X's 2, leads.
        var sheet = new Sheet().Criterion("Performance", 60).Criterion("Cost", 40).Option("L", 5, 1).Option("X", 3, 3).Option("Y", 1, 5);

        var cost = sheet.Sensitivity(sheet.Matrix(), "Cost");

        Assert.Equal((60m, 20m, "Y"), (cost.Up!.Weight, cost.Up.Distance, sheet.Names(cost.Up.Leaders)));
    }

    [Fact]
    public void Without_any_weight_nothing_is_ranked()
    {
        var sheet = new Sheet().Criterion("Performance", 0).Criterion("Cost", 0).Option("A", 5, 2).Option("B", 3, 5);

        var matrix = sheet.Matrix();

        Assert.Equal(0, matrix.TotalWeight);
        Assert.All(matrix.Standings, s => Assert.Equal((null, null), (s.Total, s.Rank)));
        Assert.Empty(matrix.Leaders);
        Assert.Empty(matrix.Sensitivity);
    }

    [Fact]
    public void The_leader_holds_at_every_whole_weight_short_of_a_breakpoint_and_at_none_from_it_on() =>
        Gen.Select(Gen.Int[0, 100].Array[1, 3], Gen.Int[1, 5].Array[3].Array[2, 4]).Sample((weights, rows) =>
        {
            var sheet = new Sheet();
            for (var k = 0; k < weights.Length; k++)
            {
                sheet.Criterion($"c{k}", weights[k]);
            }

            for (var i = 0; i < rows.Length; i++)
            {
                sheet.Option($"o{i}", [.. rows[i].Take(weights.Length).Select(s => (int?)s)]);
            }

            var matrix = sheet.Matrix();
            foreach (var (sensitivity, k) in matrix.Sensitivity.Select((s, k) => (s, k)))
            {
                for (var w = 0; w <= 100; w++)
                {
                    var breakpoint = w > weights[k] ? sensitivity.Up : w < weights[k] ? sensitivity.Down : null;
                    var leaders = sheet.With(k, w).Matrix().Leaders;
                    // At the breakpoint itself another option draws level: the leader no longer leads alone.
                    var past = breakpoint is not null && Math.Abs(w - weights[k]) >= breakpoint.Distance;
                    if (w != weights[k] && leaders.Count > 0)
                    {
                        Assert.Equal(!past, leaders.SequenceEqual(matrix.Leaders));
                    }
                }
            }
        }, iter: 300);

    /// <summary>A matrix written by names; ids are made up and read back as names.</summary>
    private sealed class Sheet
    {
        private readonly List<DecisionCriterionView> criteria = [];
        private readonly List<DecisionOptionView> options = [];
        private readonly List<DecisionScoreView> scores = [];
        private readonly Dictionary<Guid, string> names = [];

        public Sheet Criterion(string name, int weight)
        {
            criteria.Add(new DecisionCriterionView(Named(name), null, name, weight));
            return this;
        }

        /// <param name="values">One score per criterion so far, in their order; null for a cell not scored.</param>
        public Sheet Option(string name, params int?[] values)
        {
            var option = new DecisionOptionView(Named(name), name, "");
            options.Add(option);
            scores.AddRange(values.Zip(criteria).Where(p => p.First is not null).Select(p => new DecisionScoreView(option.Id, p.Second.Id, p.First!.Value, "")));
            return this;
        }

        /// <summary>The same matrix with criterion <paramref name="k"/> at another weight.</summary>
        public Sheet With(int k, int weight)
        {
            var copy = new Sheet();
            copy.criteria.AddRange(criteria.Select((c, i) => i == k ? c with { Weight = weight } : c));
            copy.options.AddRange(options);
            copy.scores.AddRange(scores);
            return copy;
        }

        public DecisionMatrix Matrix() => DecisionMatrix.Of(options, criteria, scores);

        public CriterionSensitivity Sensitivity(DecisionMatrix matrix, string criterion) => matrix.Sensitivity.Single(s => names[s.CriterionId] == criterion);

        public string Name(Guid id) => names[id];

        /// <summary>The options or criteria named, in a line: tuples compare it by value, unlike a list.</summary>
        public string Names(IEnumerable<Guid> ids) => string.Join(", ", ids.Select(Name));

        private Guid Named(string name)
        {
            var id = Guid.NewGuid();
            names[id] = name;
            return id;
        }
    }
}
