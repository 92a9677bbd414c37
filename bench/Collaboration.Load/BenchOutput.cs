namespace Portal.Collaboration.Load;

/// <summary>Results go to stdout, one line per figure set; progress goes to stderr with the time of day.</summary>
public static class BenchOutput
{
    public static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
