using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Portal.Infrastructure;

namespace Portal.Workshop.Queue;

/// <summary>One portal host in this process: its own services, data folder and job server, on the given settings.</summary>
internal sealed class PortalNode(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>
/// The hosts of one configuration: <c>embedded</c>, one All host on SQLite; <c>workerN</c>, a Web host that queues and
/// N Worker hosts that train, on a fresh PostgreSQL database (and Redis, for the live updates between them).
/// Disposing stops the hosts and deletes their data folders and the database.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    private readonly List<PortalNode> nodes = [];
    private readonly List<string> folders = [];
    private readonly Servers servers;
    private string? database;

    private Deployment(Servers servers) => this.servers = servers;

    /// <summary>The host the founders use, where runs are queued: the All host, or the Web host.</summary>
    public IServiceProvider Front => nodes[0].Services;

    /// <summary>0 for <c>embedded</c>, N for <c>workerN</c> (1-8).</summary>
    /// <exception cref="ArgumentException">Not a configuration's name.</exception>
    public static int WorkersOf(string config) =>
        config == "embedded" ? 0
        : config.StartsWith("worker", StringComparison.Ordinal)
            && int.TryParse(config.AsSpan("worker".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var workers) && workers is >= 1 and <= 8
            ? workers
            : throw new ArgumentException($"Unknown configuration '{config}': embedded or worker1 to worker8.");

    /// <summary>Starts the configuration's hosts one after another (the first migrates the database); each job server runs once its host has started.</summary>
    public static async Task<Deployment> StartAsync(string config, Servers servers, CancellationToken cancellationToken)
    {
        var workers = WorkersOf(config);
        var deployment = new Deployment(servers);
        try
        {
            var clock = Stopwatch.StartNew();
            if (workers == 0)
            {
                deployment.Add(PortalRole.All, new Dictionary<string, string>());
            }
            else
            {
                var (_, redis) = await servers.StartAsync(cancellationToken);
                deployment.database = await servers.CreateDatabaseAsync($"workshop_{config}_{Guid.NewGuid():N}", cancellationToken);
                var shared = new Dictionary<string, string>
                {
                    ["Portal:Database:Provider"] = "Postgres",
                    ["ConnectionStrings:Portal"] = deployment.database,
                };
                if (redis.Length > 0)
                {
                    shared["Redis:Connection"] = redis;
                    shared["Redis:Prefix"] = $"workshop-{Guid.NewGuid():N}";
                }

                deployment.Add(PortalRole.Web, shared);
                for (var worker = 1; worker <= workers; worker++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    deployment.Add(PortalRole.Worker, shared);
                }
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{config}: {deployment.nodes.Count} host(s) started in {clock.Elapsed.TotalSeconds:F1} s"));
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Workers first, so that no job server is left looking at a queue whose web host went.
        for (var index = nodes.Count - 1; index >= 0; index--)
        {
            try
            {
                await nodes[index].DisposeAsync();
            }
            catch (Exception error)
            {
                await Console.Error.WriteLineAsync($"A host did not stop cleanly: {error.Message}");
            }
        }

        nodes.Clear();
        SqliteConnection.ClearAllPools();
        if (database is not null)
        {
            await servers.DropDatabaseAsync(database);
            database = null;
        }

        foreach (var folder in folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // The host never got as far as making it.
            }
            catch (IOException error)
            {
                await Console.Error.WriteLineAsync($"Could not delete {folder}: {error.Message}");
            }
        }

        folders.Clear();
    }

    /// <summary>Starts a host: reading its services builds it, migrates and prepares the database, and starts its job server.</summary>
    private void Add(PortalRole role, Dictionary<string, string> shared)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"workshop-queue-{Guid.NewGuid():N}");
        folders.Add(folder);
        var settings = new Dictionary<string, string>(shared)
        {
            ["Portal:Role"] = role.ToString(),
            ["Portal:DataDirectory"] = folder,
            ["Portal:SeedDemoData"] = "false",
            // The committed Fashion-MNIST subset even where Debian's full set is installed, so that every machine
            // trains and tests on the same images (the full set's 10,000 test images would lengthen every run).
            ["ModelLab:FashionMnistFolder"] = Path.Combine(folder, "no-full-set"),
            ["Logging:LogLevel:Default"] = "Warning",
            // The hosts' log on standard error, so that standard output holds only the bench's lines.
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        };
        if (role != PortalRole.Web)
        {
            // One libtorch thread per run: two workers on two cores are then comparable to one.
            settings["ModelLab:TorchThreads"] = "1";
        }

        var node = new PortalNode(settings);
        nodes.Add(node);
        _ = node.Services;
    }
}
