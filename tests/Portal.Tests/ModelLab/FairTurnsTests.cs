using Portal.Features.ModelLab;

namespace Portal.Tests.ModelLab;

public sealed class FairTurnsTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid TeamA = Guid.NewGuid();
    private static readonly Guid TeamB = Guid.NewGuid();
    private static readonly Guid TeamC = Guid.NewGuid();

    [Fact]
    public void Twenty_teams_pressing_train_get_their_first_runs_before_anyone_s_second()
    {
        var teams = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        // Every team queues two runs, the first teams fastest: all firsts come before any second anyway.
        var queued = teams.SelectMany((team, i) => new[]
        {
            new QueuedRun(Guid.NewGuid(), team, Nine.AddSeconds(i)),
            new QueuedRun(Guid.NewGuid(), team, Nine.AddSeconds(i).AddMilliseconds(1)),
        }).ToList();

        var order = FairTurns.Order(queued, new Dictionary<Guid, int>());

        var firsts = queued.Where((_, i) => i % 2 == 0).Select(r => r.Id).ToList();
        Assert.Equal(firsts, order.Take(20));
        Assert.Equal(queued.Where((_, i) => i % 2 == 1).Select(r => r.Id), order.Skip(20));
    }

    [Fact]
    public void A_team_already_training_waits_behind_a_team_that_is_not()
    {
        var a2 = new QueuedRun(Guid.NewGuid(), TeamA, Nine);
        var b1 = new QueuedRun(Guid.NewGuid(), TeamB, Nine.AddMinutes(1));
        var c1 = new QueuedRun(Guid.NewGuid(), TeamC, Nine.AddMinutes(2));

        var order = FairTurns.Order([a2, b1, c1], new Dictionary<Guid, int> { [TeamA] = 1 });

        Assert.Equal([b1.Id, c1.Id, a2.Id], order);
    }

    [Fact]
    public void Among_equals_the_earlier_queued_goes_first()
    {
        var later = new QueuedRun(Guid.NewGuid(), TeamA, Nine.AddMinutes(1));
        var earlier = new QueuedRun(Guid.NewGuid(), TeamB, Nine);

        Assert.Equal([earlier.Id, later.Id], FairTurns.Order([later, earlier], new Dictionary<Guid, int>()));
        Assert.Empty(FairTurns.Order([], new Dictionary<Guid, int>()));
    }
}
