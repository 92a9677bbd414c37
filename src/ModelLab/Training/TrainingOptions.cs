using System.Text.Json.Serialization;

namespace Portal.ModelLab.Training;

[JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with momentum.</summary>
    Sgd,
    Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}

/// <summary>How to train: the optimizer and its settings, how long, in what batches, from which seed.</summary>
/// <param name="MetricsEverySteps">Reports the running training loss and accuracy after this many batches (and at every epoch's end).</param>
/// <param name="KeepBestEpoch">
/// Ends with the weights of the epoch with the lowest validation loss rather than the last epoch's, so a model that
/// started to overfit is not the one kept.
/// </param>
/// <param name="EarlyStoppingPatience">
/// Stops once this many epochs in a row have not lowered the validation loss; 0 trains every epoch.
/// </param>
public sealed record TrainingOptions(
    OptimizerKind Optimizer = OptimizerKind.Adam,
    double LearningRate = 1e-3,
    double WeightDecay = 0,
    double Momentum = 0.9,
    int Epochs = 3,
    int BatchSize = 64,
    int Seed = 42,
    int MetricsEverySteps = 20,
    bool KeepBestEpoch = false,
    int EarlyStoppingPatience = 0)
{
    public const int MaxEpochs = 100;
    public const int MaxBatchSize = 4096;

    /// <summary>The settings out of range, each as (setting, lowest, highest); empty when all are usable.</summary>
    public IReadOnlyList<(string Setting, double Lowest, double Highest)> Problems()
    {
        var problems = new List<(string, double, double)>();
        void Check(string setting, double value, double lowest, double highest)
        {
            if (double.IsNaN(value) || value < lowest || value > highest)
            {
                problems.Add((setting, lowest, highest));
            }
        }

        Check(nameof(LearningRate), LearningRate, 1e-6, 10);
        Check(nameof(WeightDecay), WeightDecay, 0, 1);
        Check(nameof(Momentum), Momentum, 0, 0.999);
        Check(nameof(Epochs), Epochs, 1, MaxEpochs);
        Check(nameof(BatchSize), BatchSize, 1, MaxBatchSize);
        Check(nameof(Seed), Seed, 0, int.MaxValue);
        Check(nameof(MetricsEverySteps), MetricsEverySteps, 1, 100_000);
        Check(nameof(EarlyStoppingPatience), EarlyStoppingPatience, 0, MaxEpochs);
        return problems;
    }
}

/// <summary>Where training stands after a batch window or an epoch.</summary>
/// <param name="Step">Batches done in this epoch.</param>
/// <param name="TrainLoss">Mean loss over the batches since the previous report.</param>
/// <param name="ValidationLoss">Set at an epoch's end only.</param>
/// <param name="SamplesPerSecond">Training samples per second in this epoch so far.</param>
/// <param name="Eta">Time left for the whole run at the current speed.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double SamplesPerSecond,
    TimeSpan Eta,
    bool IsEpochEnd)
{
    /// <summary>Share of the whole run done, 0 to 1.</summary>
    public double Fraction => ((Epoch - 1) * (double)StepsPerEpoch + Step) / (Epochs * (double)StepsPerEpoch);
}
