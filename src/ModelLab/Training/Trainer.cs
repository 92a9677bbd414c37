using System.Diagnostics;
using System.Text.Json;
using Portal.ModelLab.Data;
using Portal.ModelLab.Models;
using Portal.ModelLab.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.ModelLab.Training;

/// <summary>
/// Trains a spec on prepared data with cross-entropy loss, reporting progress as it goes and saving a
/// checkpoint after every epoch, from which a later call with the same spec, options and folder resumes.
/// It follows the validation loss epoch by epoch: the best epoch's weights are kept when the options ask to end with
/// them or to stop early, and training stops once the loss has not improved for the patience's epochs.
/// The same seed gives the same weights: it fixes the initial weights, and each epoch's shuffle and
/// dropout draw from generators seeded by the seed and the epoch, so a resumed run matches an unbroken one.
/// </summary>
public static class Trainer
{
    private const string CheckpointFile = "checkpoint.json";
    private const string BestWeightsFile = "best-weights.bin";
    // Small enough that no evaluation buffer is much larger than a training batch's: channels-last
    // layers copy on Flatten, and 1,000-image copies (22 MB) fragmented the heap that training reuses.
    internal const int EvaluationBatch = 250;

    /// <exception cref="OperationCanceledException">Cancelled; the last finished epoch's checkpoint stays.</exception>
    /// <exception cref="ModelSpecException">The spec cannot work.</exception>
    public static TrainedModel Train(ModelSpec spec, PreparedData data, TrainingOptions options, Action<TrainingProgress>? report,
        string? checkpointFolder, CancellationToken cancellation)
    {
        TorchRuntime.EnsureLoaded();
        if (options.Problems() is [var (setting, lowest, highest), ..])
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{setting} must be {lowest}-{highest}.");
        }

        if (options.BatchSize > data.TrainCount)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The batch size {options.BatchSize} is larger than the {data.TrainCount} training images.");
        }

        torch.manual_seed(options.Seed);
        var network = ModelBuilder.Build(spec);
        try
        {
            using var optimizer = CreateOptimizer(network, options);
            var tracksBest = options.KeepBestEpoch || options.EarlyStoppingPatience > 0;
            using var best = new BestEpoch(tracksBest ? ModelBuilder.Build(spec) : null);
            var firstEpoch = 1 + (checkpointFolder is null ? 0 : Resume(checkpointFolder, spec, options, network, optimizer, best));
            for (var epoch = firstEpoch; epoch <= options.Epochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                var validationLoss = RunEpoch(network, optimizer, data, options, epoch, report, cancellation);
                var improved = best.Offer(epoch, validationLoss, network);
                if (checkpointFolder is not null)
                {
                    SaveCheckpoint(checkpointFolder, spec, options, network, optimizer, epoch, best, improved);
                }

                if (options.EarlyStoppingPatience > 0 && best.Epoch > 0 && epoch - best.Epoch >= options.EarlyStoppingPatience)
                {
                    break;
                }
            }

            if (options.KeepBestEpoch)
            {
                best.CopyTo(network);
            }

            return new TrainedModel(network, spec, data.Normalization, data.ClassNames);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Mean cross-entropy loss and accuracy of <paramref name="network"/> on a labelled set, in evaluation mode.</summary>
    public static (double Loss, double Accuracy) Measure(nn.Module<Tensor, Tensor> network, Tensor images, Tensor labels)
    {
        network.eval();
        using var noGrad = no_grad();
        double loss = 0;
        long correct = 0;
        var count = images.shape[0];
        for (long start = 0; start < count; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(EvaluationBatch, count - start);
            var output = network.forward(images.narrow(0, start, length));
            var expected = labels.narrow(0, start, length);
            loss += nn.functional.cross_entropy(output, expected, reduction: nn.Reduction.Sum).item<float>();
            correct += output.argmax(1).eq(expected).sum().item<long>();
        }

        return (loss / count, (double)correct / count);
    }

    /// <returns>The validation loss after the epoch; null without validation images.</returns>
    private static double? RunEpoch(Sequential network, OptimizerHelper optimizer, PreparedData data, TrainingOptions options, int epoch,
        Action<TrainingProgress>? report, CancellationToken cancellation)
    {
        double? epochValidationLoss = null;
        var batch = options.BatchSize;
        var steps = data.TrainCount / batch;
        network.train();
        torch.manual_seed((long)EpochSeed(options.Seed, epoch));
        using var shuffle = new Generator(EpochSeed(options.Seed, epoch));
        using var order = randperm(data.TrainCount, generator: shuffle);
        using var images = data.TrainImages.index_select(0, order);
        using var labels = data.TrainLabels.index_select(0, order);
        using var lossSum = zeros(1);
        using var correctSum = zeros(1, ScalarType.Int64);
        var windowSteps = 0;
        var clock = Stopwatch.StartNew();

        for (var step = 1; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using (var scope = NewDisposeScope())
            {
                var x = images.narrow(0, (step - 1) * batch, batch);
                var y = labels.narrow(0, (step - 1) * batch, batch);
                // Dropping the gradients lets backward write them fresh instead of adding to zeroed ones: same values, no zeroing pass.
                network.zero_grad(set_to_none: true);
                var output = network.forward(x);
                var loss = nn.functional.cross_entropy(output, y);
                loss.backward();
                optimizer.step();
                using var noGrad = no_grad();
                lossSum.add_(loss);
                correctSum.add_(output.argmax(1).eq(y).sum());
            }

            windowSteps++;
            var isEpochEnd = step == steps;
            if (report is not null && (step % options.MetricsEverySteps == 0 || isEpochEnd))
            {
                var trainSeconds = clock.Elapsed.TotalSeconds;
                var samplesPerSecond = step * batch / Math.Max(trainSeconds, 1e-9);
                var trainLoss = lossSum.item<float>() / windowSteps;
                var trainAccuracy = correctSum.item<long>() / (double)(windowSteps * batch);
                lossSum.zero_();
                correctSum.zero_();
                windowSteps = 0;
                var validate = isEpochEnd && data.ValidationLabels.shape[0] > 0;
                (double Loss, double Accuracy)? validation = validate ? Measure(network, data.ValidationImages, data.ValidationLabels) : null;
                if (validate)
                {
                    network.train();
                }

                epochValidationLoss = validation?.Loss;

                var stepsLeft = (options.Epochs - epoch) * (long)steps + (steps - step);
                report(new TrainingProgress(epoch, options.Epochs, step, steps, trainLoss, trainAccuracy, validation?.Loss, validation?.Accuracy,
                    samplesPerSecond, TimeSpan.FromSeconds(stepsLeft * batch / samplesPerSecond), isEpochEnd));
            }
        }

        // Without a listener nothing was measured at the epoch's end; the best epoch still needs the loss.
        if (epochValidationLoss is null && report is null && data.ValidationLabels.shape[0] > 0 && (options.KeepBestEpoch || options.EarlyStoppingPatience > 0))
        {
            epochValidationLoss = Measure(network, data.ValidationImages, data.ValidationLabels).Loss;
            network.train();
        }

        return epochValidationLoss;
    }

    private static ulong EpochSeed(int seed, int epoch) => (ulong)seed * 1_000_003UL + (ulong)epoch;

    private static OptimizerHelper CreateOptimizer(Sequential network, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(network.parameters(), options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
        OptimizerKind.Adam => new FusedAdam(network.parameters(), options.LearningRate, options.WeightDecay),
        OptimizerKind.AdamW => new FusedAdamW(network.parameters(), options.LearningRate, options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown optimizer {options.Optimizer}."),
    };

    /// <summary>Loads the folder's checkpoint into the network and optimizer if it was made by the same spec and options; returns the epochs it holds.</summary>
    private static int Resume(string folder, ModelSpec spec, TrainingOptions options, Sequential network, OptimizerHelper optimizer, BestEpoch best)
    {
        var path = Path.Combine(folder, CheckpointFile);
        if (!File.Exists(path))
        {
            return 0;
        }

        var checkpoint = JsonSerializer.Deserialize<Checkpoint>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
        if (!checkpoint.Spec.SameAs(spec) || checkpoint.Options != options)
        {
            throw new InvalidDataException($"The checkpoint in {folder} was made by another spec or other options; it cannot be resumed with these.");
        }

        network.load(Path.Combine(folder, WeightsFile(checkpoint.EpochsDone)));
        optimizer.load_state_dict(Path.Combine(folder, OptimizerFile(checkpoint.EpochsDone)));
        best.Restore(checkpoint.BestEpoch, checkpoint.BestValidationLoss, Path.Combine(folder, BestWeightsFile));
        return checkpoint.EpochsDone;
    }

    /// <summary>Writes this epoch's files first and the checkpoint that names them last, so a crash midway leaves the previous checkpoint whole.</summary>
    private static void SaveCheckpoint(string folder, ModelSpec spec, TrainingOptions options, Sequential network, OptimizerHelper optimizer, int epoch,
        BestEpoch best, bool improved)
    {
        Directory.CreateDirectory(folder);
        network.save(Path.Combine(folder, WeightsFile(epoch)));
        optimizer.save_state_dict(Path.Combine(folder, OptimizerFile(epoch)));
        if (improved)
        {
            best.Save(Path.Combine(folder, BestWeightsFile));
        }

        var path = Path.Combine(folder, CheckpointFile);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(new Checkpoint(spec, options, epoch, best.Epoch, best.ValidationLoss)));
        File.Move(path + ".tmp", path, overwrite: true);
        if (epoch > 1)
        {
            File.Delete(Path.Combine(folder, WeightsFile(epoch - 1)));
            File.Delete(Path.Combine(folder, OptimizerFile(epoch - 1)));
        }
    }

    /// <summary>How many epochs the checkpoint in <paramref name="folder"/> holds, 0 when there is none.</summary>
    public static int CheckpointEpochs(string folder)
    {
        var path = Path.Combine(folder, CheckpointFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<Checkpoint>(File.ReadAllText(path))?.EpochsDone ?? 0 : 0;
    }

    private static string WeightsFile(int epoch) => $"weights-{epoch}.bin";

    private static string OptimizerFile(int epoch) => $"optimizer-{epoch}.bin";

    /// <param name="BestEpoch">0 while no epoch was validated, or when the options do not follow the best epoch.</param>
    private sealed record Checkpoint(ModelSpec Spec, TrainingOptions Options, int EpochsDone, int BestEpoch = 0, double? BestValidationLoss = null);

    /// <summary>The epoch with the lowest validation loss so far and a copy of its weights (none when not followed).</summary>
    private sealed class BestEpoch(Sequential? copy) : IDisposable
    {
        public int Epoch { get; private set; }

        public double? ValidationLoss { get; private set; }

        /// <summary>Keeps the epoch's weights when its loss is the lowest yet (an earlier epoch wins a tie); true when it was.</summary>
        public bool Offer(int epoch, double? validationLoss, Sequential network)
        {
            if (copy is null || validationLoss is not { } loss || (ValidationLoss is { } lowest && loss >= lowest))
            {
                return false;
            }

            (Epoch, ValidationLoss) = (epoch, loss);
            CopyWeights(network, copy);
            return true;
        }

        public void CopyTo(Sequential network)
        {
            if (copy is not null && Epoch > 0)
            {
                CopyWeights(copy, network);
            }
        }

        public void Save(string path) => copy?.save(path);

        public void Restore(int epoch, double? validationLoss, string path)
        {
            if (copy is not null && epoch > 0 && File.Exists(path))
            {
                copy.load(path);
                (Epoch, ValidationLoss) = (epoch, validationLoss);
            }
        }

        public void Dispose() => copy?.Dispose();

        private static void CopyWeights(Sequential from, Sequential to)
        {
            using var noGrad = no_grad();
            foreach (var ((_, source), (_, target)) in from.state_dict().Zip(to.state_dict()))
            {
                target.copy_(source);
            }
        }
    }
}
