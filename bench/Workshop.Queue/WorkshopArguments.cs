using System.Globalization;

namespace Portal.Workshop.Queue;

/// <summary>The command line.</summary>
internal sealed record WorkshopArguments
{
    public const string Usage =
        "usage: Workshop.Queue [--teams N (20)] [--images N (1000)] [--runs-per-team N (1)] [--configs embedded,worker1,worker2] [--timeout-min N (60)]";

    /// <summary>The most training images a run can use: the committed Fashion-MNIST subset's 6,000 less the 10% validation part.</summary>
    public const int MaxImages = 5400;

    public int Teams { get; init; } = 20;

    /// <summary>A run's MaxTrainingImages.</summary>
    public int Images { get; init; } = 1000;

    public int RunsPerTeam { get; init; } = 1;

    public IReadOnlyList<string> Configs { get; init; } = ["embedded", "worker1", "worker2"];

    /// <summary>How long one configuration may take from the first enqueue before the bench gives it up.</summary>
    public int TimeoutMinutes { get; init; } = 60;

    /// <exception cref="ArgumentException">An unknown flag, a missing value or a value out of range; the message says which.</exception>
    public static WorkshopArguments Parse(IReadOnlyList<string> args)
    {
        var result = new WorkshopArguments();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--teams" => result with { Teams = Number(args[i], value, 1, 200) },
                "--images" => result with { Images = Number(args[i], value, 100, MaxImages) },
                // The portal lets one user have at most three runs queued or training (ModelLab:MaxQueuedRunsPerUser).
                "--runs-per-team" => result with { RunsPerTeam = Number(args[i], value, 1, 3) },
                "--configs" => result with { Configs = ConfigList(value) },
                "--timeout-min" => result with { TimeoutMinutes = Number(args[i], value, 1, 24 * 60) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return result;
    }

    private static List<string> ConfigList(string value)
    {
        var configs = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var config in configs)
        {
            _ = Deployment.WorkersOf(config);
        }

        return configs.Count > 0 ? configs : throw new ArgumentException("--configs names no configuration.");
    }

    private static int Number(string flag, string text, int lowest, int highest) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= lowest && value <= highest
            ? value
            : throw new ArgumentException($"{flag} must be a whole number {lowest}-{highest}, not '{text}'.");
}
