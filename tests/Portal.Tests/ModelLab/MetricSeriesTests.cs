using Portal.Features.ModelLab;
using Portal.Features.ModelLab.Jobs;

namespace Portal.Tests.ModelLab;

public sealed class MetricSeriesTests
{
    [Fact]
    public void New_points_extend_the_series_and_points_seen_before_are_not_added_again()
    {
        List<MetricPoint> shown = [Point(1, 1, 5), Point(2, 1, 10)];

        var rewritten = MetricSeries.Merge(shown, [Point(2, 1, 10), Point(3, 2, 5)]);

        Assert.False(rewritten);
        Assert.Equal([1L, 2, 3], shown.Select(p => p.Id));
    }

    [Fact]
    public void After_a_resume_the_points_measured_again_replace_those_the_server_deleted()
    {
        // Epoch 1 checkpointed, epoch 2 cut short at step 10; the resume trains epoch 2 again from its start.
        List<MetricPoint> shown = [Point(1, 1, 5), Point(2, 1, 10), Point(3, 2, 5), Point(4, 2, 10)];

        var rewritten = MetricSeries.Merge(shown, [Point(7, 2, 5)]);

        Assert.True(rewritten);
        Assert.Equal([(1, 5), (1, 10), (2, 5)], shown.Select(p => (p.Epoch, p.Step)));
        Assert.Equal([1L, 2, 7], shown.Select(p => p.Id));
        Assert.Equal(shown.Select(p => p.EpochProgress).Order(), shown.Select(p => p.EpochProgress));
    }

    [Fact]
    public void Overall_throughput_weighs_each_epoch_by_the_time_it_took()
    {
        // 20 batches at 1,000 samples/s and 20 at 250: the whole run took 5 times the first epoch's time for twice its work.
        var overall = TrainingRunner.OverallSamplesPerSecond([new EpochSpeed(20, 1_000), new EpochSpeed(20, 250)]);

        Assert.Equal(400, overall, 9);
        Assert.Equal(0, TrainingRunner.OverallSamplesPerSecond([]));
    }

    [Fact]
    public void The_best_epoch_has_the_lowest_validation_loss_and_the_earlier_epoch_wins_a_tie()
    {
        Assert.Null(MetricSeries.BestEpoch([Point(1, 1, 5)]));
        Assert.Equal((2, 0.4), MetricSeries.BestEpoch([Validated(1, 1, 0.5), Point(2, 2, 5), Validated(3, 2, 0.4), Validated(4, 3, 0.45)]));
        Assert.Equal((1, 0.4), MetricSeries.BestEpoch([Validated(1, 1, 0.4), Validated(2, 2, 0.4)]));
    }

    private static MetricPoint Point(long id, int epoch, int step) =>
        new(id, epoch, step, epoch - 1 + step / 10.0, 1.0 / id, 0.5, null, null, 1000);

    internal static MetricPoint Validated(long id, int epoch, double loss) =>
        new(id, epoch, 10, epoch, loss, 0.5, loss, 0.8, 1000);
}
