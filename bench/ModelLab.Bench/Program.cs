using System.Globalization;
using Portal.ModelLab.Models;
using Portal.ModelLab.Native;
using Portal.ModelLab.Training;
using TorchSharp;

namespace Portal.ModelLab.Bench;

/// <summary>Entry point; a named class, because the portal it hosts for the full path has the top-level one.</summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        BenchArguments arguments;
        try
        {
            arguments = BenchArguments.Parse(args);
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync($"{error.Message}\n{BenchArguments.Usage}");
            return 1;
        }

        if (!TrainingPaths.ByName.TryGetValue(arguments.Path, out var path))
        {
            await Console.Error.WriteLineAsync($"Unknown path '{arguments.Path}'; known: {string.Join(", ", TrainingPaths.ByName.Keys)}.");
            return 1;
        }

        TorchRuntime.SetThreadsForThisThread(arguments.Threads);
        using var data = OnOwnThread(() => SyntheticData.Prepare(arguments.Samples, seed: 0));
        // Adam at 1e-3 with cross-entropy, as the peer; reports only at epoch ends so no per-window syncs are timed.
        var options = new TrainingOptions(OptimizerKind.Adam, LearningRate: 1e-3, Epochs: arguments.Epochs, BatchSize: arguments.Batch,
            Seed: 0, MetricsEverySteps: 100_000);
        var run = path(ModelSpec.DefaultCnn, data, options, arguments);
        using var model = run.Model;
        var train = Statistics.Median(run.EpochSamplesPerSecond.Skip(1));
        var infer = Inference.SamplesPerSecond(model.Network, data.TrainImages);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"impl={arguments.Path switch { "full" => "portal", "worker" => "portal-worker", _ => "torchsharp" }} torch={torch.__version__} threads={arguments.Threads} batch={arguments.Batch} train_samples_per_s={train:F0} infer_samples_per_s={infer:F0}"));
        // On standard error, so the line above stays the peer's format.
        await Console.Error.WriteLineAsync($"runtime during the measured run: {run.Runtime}");
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread that ends with it, taking along the OpenMP team libgomp keeps for
    /// every thread that ran parallel work: the full path's portal then owns the only team, as in its own process.
    /// </summary>
    private static T OnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }
}
