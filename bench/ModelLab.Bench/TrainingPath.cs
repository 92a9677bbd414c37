using Portal.ModelLab.Data;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;

namespace Portal.ModelLab.Bench;

/// <summary>One way of getting a spec trained: it returns the model, each epoch's training samples per second and what the runtime spent meanwhile.</summary>
internal delegate TrainingRun TrainingPath(ModelSpec spec, PreparedData data, TrainingOptions options, BenchArguments arguments);

internal sealed record TrainingRun(TrainedModel Model, IReadOnlyList<double> EpochSamplesPerSecond, RuntimeActivity Runtime);

internal static class TrainingPaths
{
    /// <summary>The paths by their --path name.</summary>
    public static IReadOnlyDictionary<string, TrainingPath> ByName { get; } = new Dictionary<string, TrainingPath>(StringComparer.Ordinal)
    {
        ["bare"] = Bare,
        ["full"] = PortalPath.Train,
        ["worker"] = PortalPath.TrainOnWorker,
    };

    /// <summary>
    /// The engine alone: <see cref="Trainer.Train"/> with no checkpoint folder, reporting only at each epoch's end.
    /// The rate is the trainer's own, timed from the epoch's first batch to its last, as the peer times it.
    /// </summary>
    private static TrainingRun Bare(ModelSpec spec, PreparedData data, TrainingOptions options, BenchArguments arguments)
    {
        var rates = new List<double>();
        var start = RuntimeActivity.Now();
        var model = Trainer.Train(spec, data, options, progress =>
        {
            if (progress.IsEpochEnd)
            {
                rates.Add(progress.SamplesPerSecond);
            }
        }, checkpointFolder: null, CancellationToken.None);
        return new TrainingRun(model, rates, RuntimeActivity.Now().Since(start));
    }
}
