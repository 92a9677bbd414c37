using System.Diagnostics;
using Npgsql;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL and Redis for the tests that need them: the pair <c>.ci/run</c> started (it exports
/// <c>PORTAL_POSTGRES</c> and <c>PORTAL_REDIS</c>), or else a throwaway pair this test process starts with
/// <c>deploy/servers.sh</c> on first use and stops when it exits.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<(string Postgres, string Redis)> Servers = new(StartOrReuse);

    /// <summary>A connection string for the server as its administrator, on the <c>postgres</c> database.</summary>
    public static string PostgresAdministration => Servers.Value.Postgres;

    /// <summary>StackExchange.Redis's configuration string for the Redis server.</summary>
    public static string Redis => Servers.Value.Redis;

    /// <summary>A new, empty database of its own on the test server.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "portal_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(PostgresAdministration);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdministration) { Database = name }.ToString();
    }

    private static (string Postgres, string Redis) StartOrReuse()
    {
        if (Environment.GetEnvironmentVariable("PORTAL_POSTGRES") is { Length: > 0 } postgres
            && Environment.GetEnvironmentVariable("PORTAL_REDIS") is { Length: > 0 } redis)
        {
            return (postgres, redis);
        }

        var parent = Path.Combine(Path.GetTempPath(), "portal-test-servers");
        StopThoseOfEndedProcesses(parent);
        var folder = Path.Combine(parent, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var settings = RunScript("start", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunScript("stop", folder);
        var values = settings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));
        return (values["PORTAL_POSTGRES"], values["PORTAL_REDIS"]);
    }

    // A test process that was killed could not stop its servers; the next one does, so they do not pile up.
    private static void StopThoseOfEndedProcesses(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(parent))
        {
            if (int.TryParse(Path.GetFileName(folder), out var processId) && !IsRunning(processId))
            {
                RunScript("stop", folder);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string RunScript(string command, string folder)
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "servers.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/servers.sh {command} failed ({process.ExitCode}): {errors.Result}");
        }

        return output.Result;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln was not found above the test assembly.");
    }
}
