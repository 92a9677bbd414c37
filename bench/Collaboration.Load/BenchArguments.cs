namespace Portal.Collaboration.Load;

/// <summary>The command line: <c>--pages 5,20,40 [--saves 20] [--portal-dir DIR] [--stop-test true|false] [--delivery-timeout-s 15] [--portal-log-level Warning] [--cluster]</c>.</summary>
public sealed record BenchArguments
{
    public required IReadOnlyList<int> Pages { get; init; }

    public int Saves { get; init; } = 20;

    public required string PortalDirectory { get; init; }

    public bool StopTest { get; init; } = true;

    /// <summary>Runs against <c>deploy/cluster.sh</c>'s layout (nginx, two web nodes, a worker) instead of one portal process.</summary>
    public bool Cluster { get; init; }

    /// <summary>The stop test needs the one portal process of the embedded mode: a cluster skips it.</summary>
    public bool RunsStopTest => StopTest && !Cluster;

    /// <summary>The portal's <c>Logging:LogLevel:Default</c>; Information shows what a slow stop was doing.</summary>
    public string PortalLogLevel { get; init; } = "Warning";

    /// <summary>How long a round waits for every other page to show the note before it counts the missing ones.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public string PortalDll => Path.Combine(PortalDirectory, "src", "Portal", "bin", "Release", "net10.0", "Portal.dll");

    public static BenchArguments Parse(string[] args)
    {
        IReadOnlyList<int> pages = [5, 20, 40];
        var saves = 20;
        string? portalDirectory = null;
        var stopTest = true;
        var deliveryTimeout = TimeSpan.FromSeconds(15);
        var portalLogLevel = "Warning";
        var cluster = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pages":
                    pages = [.. Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(PositiveInt)];
                    break;
                case "--saves":
                    saves = PositiveInt(Value(args, ref i));
                    break;
                case "--portal-dir":
                    portalDirectory = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--stop-test":
                    stopTest = bool.Parse(Value(args, ref i));
                    break;
                case "--no-stop-test":
                    stopTest = false;
                    break;
                case "--portal-log-level":
                    portalLogLevel = Value(args, ref i);
                    break;
                case "--cluster":
                    cluster = true;
                    break;
                case "--delivery-timeout-s":
                    deliveryTimeout = TimeSpan.FromSeconds(PositiveInt(Value(args, ref i)));
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: --pages 5,20,40 [--saves 20] [--portal-dir <folder holding Portal.sln>] [--stop-test true|false] [--delivery-timeout-s 15] [--portal-log-level Warning] [--cluster]");
            }
        }

        if (pages.Any(n => n < 2))
        {
            throw new ArgumentException("--pages needs at least 2 pages per step: one writes, the others receive.");
        }

        return new BenchArguments
        {
            Pages = pages,
            Saves = saves,
            PortalDirectory = portalDirectory ?? FindPortalDirectory(),
            StopTest = stopTest,
            DeliveryTimeout = deliveryTimeout,
            PortalLogLevel = portalLogLevel,
            Cluster = cluster,
        };
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static int PositiveInt(string text) =>
        int.TryParse(text, out var value) && value > 0 ? value : throw new ArgumentException($"'{text}' is not a positive whole number.");

    /// <summary>The folder holding Portal.sln above the bench's own build output.</summary>
    private static string FindPortalDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new ArgumentException("No Portal.sln above the bench's folder; pass --portal-dir.");
    }
}
