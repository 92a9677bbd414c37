namespace Portal.Workshop.Queue;

/// <summary>Entry point; a named class, because the portal it hosts has the top-level one.</summary>
internal static class WorkshopProgram
{
    public static async Task<int> Main(string[] args)
    {
        WorkshopArguments arguments;
        try
        {
            arguments = WorkshopArguments.Parse(args);
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync($"{error.Message}\n{WorkshopArguments.Usage}");
            return 1;
        }

        var repository = RepositoryRoot();
        // WebApplicationFactory looks for the portal's folder beside a test project; the bench says where it is.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PORTAL", Path.Combine(repository, "src", "Portal"));
        using var stop = new CancellationTokenSource();
        // Ctrl+C ends the configuration under way and still cleans up: hosts, data folders, database, servers.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var exitCode = 0;
        try
        {
            await using var servers = new Servers(repository);
            foreach (var config in arguments.Configs)
            {
                try
                {
                    await using var deployment = await Deployment.StartAsync(config, servers, stop.Token);
                    var outcome = await Workshop.RunAsync(config, deployment, arguments, stop.Token);
                    Console.WriteLine(outcome.Line());
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync($"{config}: stopped");
                    return 130;
                }
                catch (Exception error) when (error is TimeoutException or InvalidOperationException or Npgsql.NpgsqlException)
                {
                    await Console.Error.WriteLineAsync($"{config}: {error}");
                    exitCode = 1;
                }
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return exitCode;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the bench; run it from the repository.");
    }
}
