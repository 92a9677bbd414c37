using System.Diagnostics;
using Npgsql;

namespace Portal.Workshop.Queue;

/// <summary>
/// The PostgreSQL and Redis the scale-out configurations run on: a throwaway pair that <c>deploy/servers.sh</c> starts
/// on first use and stops when the bench ends, or the pair PORTAL_POSTGRES and PORTAL_REDIS name (left running).
/// Each configuration gets a database of its own, dropped when it ends.
/// </summary>
internal sealed class Servers(string repositoryRoot) : IAsyncDisposable
{
    private string? folder;
    private (string Postgres, string Redis)? running;

    /// <summary>The administrator's connection string (database <c>postgres</c>) and Redis's, or "" without Redis.</summary>
    public async Task<(string Postgres, string Redis)> StartAsync(CancellationToken cancellationToken)
    {
        if (running is { } servers)
        {
            return servers;
        }

        if (Environment.GetEnvironmentVariable("PORTAL_POSTGRES") is { Length: > 0 } given)
        {
            running = (given, Environment.GetEnvironmentVariable("PORTAL_REDIS") ?? "");
            return running.Value;
        }

        // Under /tmp, which the postgres user can reach when the bench runs as root.
        folder = Path.Combine(Path.GetTempPath(), $"workshop-queue-servers-{Environment.ProcessId}");
        var settings = (await RunScriptAsync("start", folder, cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));
        running = (settings["PORTAL_POSTGRES"], settings["PORTAL_REDIS"]);
        return running.Value;
    }

    /// <summary>Creates an empty database; returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        var (postgres, _) = await StartAsync(cancellationToken);
        await ExecuteAsync(postgres, $"CREATE DATABASE \"{name}\"", cancellationToken);
        return new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ToString();
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, closing the connections still open to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync(running!.Value.Postgres, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (folder is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await RunScriptAsync("stop", folder, CancellationToken.None);
            folder = null;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<string> RunScriptAsync(string command, string directory, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "deploy", "servers.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        // Not cut short by Ctrl+C: a half-started pair would be left behind, and stop must finish.
        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/servers.sh {command} failed ({process.ExitCode}): {await errors}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await output;
    }
}
