using System.Globalization;

namespace Portal.ModelLab.Bench;

/// <summary>The command line, with the peer's defaults (cnn_pytorch.py) so the two runs match without flags.</summary>
/// <param name="WarmUpRuns">Runs the full path trains before the measured one, so the portal's code is compiled as in a server that has trained before.</param>
internal sealed record BenchArguments(int Threads = 2, int Batch = 32, int Samples = 8192, int Epochs = 4, string Path = "bare", int WarmUpRuns = 3)
{
    public const string Usage = "usage: ModelLab.Bench [--threads N] [--batch N] [--samples N] [--epochs N (first is a warm-up, at least 2)] [--path bare|full|worker] [--warm-up-runs N (full and worker paths)]";

    /// <exception cref="ArgumentException">An unknown flag, a missing value or a number out of range; the message says which.</exception>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var result = new BenchArguments();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--threads" => result with { Threads = Number(args[i], value, 1, 256) },
                "--batch" => result with { Batch = Number(args[i], value, 1, 4096) },
                "--samples" => result with { Samples = Number(args[i], value, 256, 1_000_000) },
                "--epochs" => result with { Epochs = Number(args[i], value, 2, 100) },
                "--path" => result with { Path = value },
                "--warm-up-runs" => result with { WarmUpRuns = Number(args[i], value, 0, 10) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return result.Batch > result.Samples ? throw new ArgumentException("--batch must not exceed --samples.") : result;
    }

    private static int Number(string flag, string text, int lowest, int highest) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= lowest && value <= highest
            ? value
            : throw new ArgumentException($"{flag} must be a whole number {lowest}-{highest}, not '{text}'.");
}
