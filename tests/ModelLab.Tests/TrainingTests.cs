using System.Diagnostics;
using System.IO.Compression;
using Portal.ModelLab.Data;
using Portal.ModelLab.Evaluation;
using Portal.ModelLab.Export;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using TorchSharp.PyBridge;

namespace Portal.ModelLab.Tests;

/// <summary>The committed subset prepared once for every training test: 5,400 training, 600 validation, 1,000 test images.</summary>
public sealed class SubsetFixture : IDisposable
{
    public SubsetFixture()
    {
        var catalog = TestData.SubsetCatalog();
        Data = PreparedData.Prepare(catalog.Load(training: true), catalog.Load(training: false), validationFraction: 0.1, seed: 7);
    }

    public PreparedData Data { get; }

    public void Dispose() => Data.Dispose();
}

public sealed class TrainingTests(SubsetFixture subset) : IClassFixture<SubsetFixture>
{
    internal static readonly TrainingOptions TwoEpochs = new(OptimizerKind.Adam, LearningRate: 1e-3, Epochs: 2, BatchSize: 64, Seed: 11, MetricsEverySteps: 20);

    [Fact]
    public void The_split_is_seeded_and_normalized_by_the_training_part()
    {
        var catalog = TestData.SubsetCatalog();
        using var again = PreparedData.Prepare(catalog.Load(true), catalog.Load(false), 0.1, seed: 7);
        using var other = PreparedData.Prepare(catalog.Load(true), catalog.Load(false), 0.1, seed: 8);

        Assert.Equal((5400, 600, 1000), (subset.Data.TrainCount, (int)subset.Data.ValidationLabels.shape[0], (int)subset.Data.TestLabels.shape[0]));
        Assert.True(again.TrainImages.allclose(subset.Data.TrainImages, 0, 0));
        Assert.False(other.TrainLabels.allclose(subset.Data.TrainLabels, 0, 0));
        Assert.Equal(0, subset.Data.TrainImages.mean().item<float>(), 3);
        Assert.Equal(1, subset.Data.TrainImages.std().item<float>(), 2);
    }

    [Fact]
    public void Two_epochs_of_the_default_cnn_on_the_subset_classify_most_test_images()
    {
        var reports = new List<TrainingProgress>();

        using var model = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, TwoEpochs, reports.Add, null, CancellationToken.None);
        var result = Evaluator.Evaluate(model, subset.Data);

        // 2 × 84 batches of 64; a correctness check, not a timing.
        Assert.True(result.Accuracy > 0.70, $"test accuracy {result.Accuracy:P1}");
        Assert.Equal([20, 40, 60, 80, 84, 20, 40, 60, 80, 84], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(84, r.StepsPerEpoch));
        Assert.Equal([false, false, false, false, true], reports.Take(5).Select(r => r.ValidationAccuracy.HasValue));
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss);
        Assert.True(reports[^1].ValidationAccuracy > 0.7);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(TimeSpan.Zero, reports[^1].Eta);
        Assert.All(reports, r => Assert.True(r.SamplesPerSecond > 0));

        Assert.Equal(1000, result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(result.Accuracy, Enumerable.Range(0, 10).Sum(c => result.ConfusionMatrix[c][c]) / 1000.0, 9);
        Assert.All(result.Classes, c => Assert.InRange(c.Precision, 0, 1));
        Assert.Equal(1000, result.Classes.Sum(c => c.Support));
        Assert.All(result.MostConfidentMistakes, m => Assert.NotEqual(m.Actual, m.Predicted));
        Assert.All(result.MostConfidentMistakes, m => Assert.Equal(m.Actual, subset.Data.Test.Labels[m.TestIndex]));
        Assert.Equal(result.MostConfidentMistakes.OrderByDescending(m => m.Confidence).Select(m => m.TestIndex), result.MostConfidentMistakes.Select(m => m.TestIndex));
        Assert.Equal(result.MostConfusedPairs[0].Count, result.MostConfusedPairs.Max(p => p.Count));

        var mistake = result.MostConfidentMistakes[0];
        var probabilities = model.Predict(subset.Data.Test.Image(mistake.TestIndex));
        Assert.Equal(1, probabilities.Sum(), 3);
        Assert.Equal(mistake.Predicted, Array.IndexOf(probabilities, probabilities.Max()));
    }

    [Fact]
    public void The_same_seed_gives_the_same_losses_and_weights()
    {
        var options = TwoEpochs with { Epochs = 1, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05 };
        var first = new List<double>();
        var second = new List<double>();

        using var a = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options, p => first.Add(p.TrainLoss), null, CancellationToken.None);
        using var b = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options, p => second.Add(p.TrainLoss), null, CancellationToken.None);
        using var c = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options with { Seed = 12 }, null, null, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.True(SameWeights(a, b));
        Assert.False(SameWeights(a, c));
    }

    [Fact]
    public void A_run_stopped_after_an_epoch_resumes_from_its_checkpoint_to_the_same_weights()
    {
        var folder = TestData.TemporaryFolder();
        var options = TwoEpochs with { Optimizer = OptimizerKind.AdamW, WeightDecay = 0.01 };
        using var stop = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options,
            p => { if (p.IsEpochEnd) { stop.Cancel(); } }, folder, stop.Token));
        Assert.Equal(1, Trainer.CheckpointEpochs(folder));
        var resumedReports = new List<TrainingProgress>();
        using var resumed = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options, resumedReports.Add, folder, CancellationToken.None);
        using var unbroken = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options, null, null, CancellationToken.None);

        Assert.All(resumedReports, r => Assert.Equal(2, r.Epoch));
        Assert.Equal(2, Trainer.CheckpointEpochs(folder));
        Assert.True(SameWeights(resumed, unbroken));
        Assert.Equal(["checkpoint.json", "optimizer-2.bin", "weights-2.bin"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Throws<InvalidDataException>(() => Trainer.Train(ModelSpec.DefaultCnn, subset.Data, options with { Seed = 1 }, null, folder, CancellationToken.None));
    }

    /// <summary>Six epochs at a high learning rate: the subset's 5,400 images are overfitted and the validation loss turns up.</summary>
    private static readonly TrainingOptions Overfitting = TwoEpochs with { Epochs = 6, LearningRate = 5e-3 };

    [Fact]
    public void Keeping_the_best_epoch_ends_with_the_weights_of_the_lowest_validation_loss()
    {
        var reports = new List<TrainingProgress>();

        using var model = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, Overfitting with { KeepBestEpoch = true }, reports.Add, null, CancellationToken.None);

        var losses = reports.Where(r => r.IsEpochEnd).Select(r => r.ValidationLoss!.Value).ToList();
        var best = losses.IndexOf(losses.Min());
        Assert.True(best < losses.Count - 1, $"the validation loss never rose: {string.Join(", ", losses)}");
        Assert.Equal(losses[best], Trainer.Measure(model.Network, subset.Data.ValidationImages, subset.Data.ValidationLabels).Loss, 5);
    }

    [Fact]
    public void Early_stopping_ends_after_the_patiences_epochs_without_a_lower_validation_loss()
    {
        var folder = TestData.TemporaryFolder();
        var reports = new List<TrainingProgress>();

        using var model = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, Overfitting with { EarlyStoppingPatience = 1 }, reports.Add, folder, CancellationToken.None);

        var losses = reports.Where(r => r.IsEpochEnd).Select(r => r.ValidationLoss!.Value).ToList();
        Assert.True(losses.Count < Overfitting.Epochs, $"trained all {losses.Count} epochs: {string.Join(", ", losses)}");
        Assert.True(losses[^1] >= losses[^2], $"stopped after an improvement: {string.Join(", ", losses)}");
        Assert.Equal(losses.Take(losses.Count - 1).ToList(), losses.Take(losses.Count - 1).Order().Reverse().ToList());
        Assert.Equal(losses.Count, Trainer.CheckpointEpochs(folder));
        Assert.Contains("best-weights.bin", Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Cancelling_mid_epoch_stops_within_a_batch()
    {
        using var stop = new CancellationTokenSource();
        var reports = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Train(ModelSpec.DefaultCnn, subset.Data, TwoEpochs with { MetricsEverySteps = 5 },
            _ => { reports++; stop.Cancel(); }, null, stop.Token));
        Assert.Equal(1, reports);
    }

    [Fact]
    public void Saved_and_exported_models_give_the_same_answers_and_the_export_loads_in_pytorch()
    {
        var folder = TestData.TemporaryFolder();
        using var model = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, TwoEpochs with { Epochs = 1 }, null, null, CancellationToken.None);
        var image = subset.Data.Test.Image(0);
        model.Save(folder);
        using var reloaded = TrainedModel.Load(folder);
        var archivePath = Path.Combine(folder, "export.zip");
        using (var file = File.Create(archivePath))
        {
            PyTorchExport.WriteArchive(model, file);
        }

        ZipFile.ExtractToDirectory(archivePath, Path.Combine(folder, "export"));
        using var fromPyTorchFile = ModelBuilder.Build(ModelSpec.DefaultCnn);
        fromPyTorchFile.load_py(Path.Combine(folder, "export", PyTorchExport.WeightsEntry));
        var viaPyTorchFile = new TrainedModel(fromPyTorchFile, model.Spec, model.Normalization, model.ClassNames).Predict(image);

        Assert.Equal(model.Predict(image), reloaded.Predict(image));
        Assert.Equal(model.Predict(image), viaPyTorchFile);
        Assert.True(TrainedModel.Exists(folder));

        // Debian's PyTorch (python3-torch, installed by .ci/run) rebuilds the network from the spec and loads the weights.
        var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", PyTorchExport.ScriptEntry)
        {
            WorkingDirectory = Path.Combine(folder, "export"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = python.StandardOutput.ReadToEnd() + python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, output);
        Assert.Contains("Linear(in_features=5408, out_features=128", output, StringComparison.Ordinal);
        Assert.Contains("Ankle boot", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_validation_part_training_runs_no_validation_pass()
    {
        var catalog = TestData.SubsetCatalog();
        using var data = PreparedData.Prepare(catalog.Load(true), catalog.Load(false), validationFraction: 0, seed: 7, maxTrainingImages: 640);
        var reports = new List<TrainingProgress>();

        using var model = Trainer.Train(ModelSpec.DefaultCnn, data, TwoEpochs with { Epochs = 1 }, reports.Add, null, CancellationToken.None);

        Assert.Equal((640, 0L), (data.TrainCount, data.ValidationLabels.shape[0]));
        Assert.True(reports[^1].IsEpochEnd);
        Assert.All(reports, r => Assert.Null(r.ValidationAccuracy));
    }

    [Fact]
    public void Options_out_of_range_are_named()
    {
        var problems = new TrainingOptions(LearningRate: 0, Epochs: 0, BatchSize: 10_000).Problems();

        Assert.Equal(["LearningRate", "Epochs", "BatchSize"], problems.Select(p => p.Setting));
        Assert.Empty(new TrainingOptions().Problems());
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Train(ModelSpec.DefaultCnn, subset.Data, new TrainingOptions(BatchSize: 9000), null, null, CancellationToken.None));
    }

    private static bool SameWeights(TrainedModel a, TrainedModel b) =>
        a.Network.parameters().Zip(b.Network.parameters()).All(pair => pair.First.allclose(pair.Second, 0, 0));
}

/// <summary>Alone in its collection, so that no other test's allocations move the process's resident memory.</summary>
[CollectionDefinition(nameof(TrainingMemoryTests), DisableParallelization = true)]
public sealed class TrainingMemoryGroup;

[Collection(nameof(TrainingMemoryTests))]
public sealed class TrainingMemoryTests(SubsetFixture subset) : IClassFixture<SubsetFixture>
{
    [Fact]
    public void Native_memory_stays_flat_across_epochs()
    {
        var residentAfter = new List<long>();
        using var model = Trainer.Train(ModelSpec.DefaultCnn, subset.Data, TrainingTests.TwoEpochs with { Epochs = 8, BatchSize = 128 }, p =>
        {
            if (p.IsEpochEnd)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var self = Process.GetCurrentProcess();
                residentAfter.Add(self.WorkingSet64);
            }
        }, null, CancellationToken.None);

        // After two epochs warm the allocator, six more must not keep growing (a leaked batch is 400 KB; one per step would add 100 MB).
        var growth = residentAfter[^1] - residentAfter[1];
        Assert.True(growth < 32L * 1024 * 1024, $"resident memory grew by {growth / 1024 / 1024} MiB: {string.Join(", ", residentAfter.Select(r => r / 1024 / 1024))}");
    }
}
