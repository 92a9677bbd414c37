using System.Buffers.Binary;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.ModelLab.Data;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;
using Portal.Data;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Portal.Features.ModelLab.Storage;

namespace Portal.ModelLab.Bench;

/// <summary>
/// The same training as a founder starts it: the portal hosted in this process on a fresh data folder, the
/// images uploaded as an IDX pair, the run queued through <see cref="TrainingService"/>, trained by the Hangfire
/// worker with every metric window stored in SQLite and published to open pages. The rate is read back from
/// the stored epoch-end metrics, the trainer's own clock, as the bare path reads it.
/// </summary>
internal static class PortalPath
{
    private const string Founder = "founder.a@portal.local";

    public static TrainingRun Train(ModelSpec spec, PreparedData data, TrainingOptions options, BenchArguments arguments)
    {
        var folder = Path.Combine(Path.GetTempPath(), "modellab-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var portal = Node(folder, _ => { });
            return TrainAsync(portal.Services, portal.Services, spec, data.TrainCount, options, arguments.WarmUpRuns).GetAwaiter().GetResult();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            DeleteFolder(folder);
        }
    }

    /// <summary>
    /// The same on the scale-out layout: a web node queues the run on a fresh PostgreSQL database (on the server that
    /// PORTAL_POSTGRES names, as deploy/servers.sh writes it) and a worker node trains it, storing its files there.
    /// </summary>
    public static TrainingRun TrainOnWorker(ModelSpec spec, PreparedData data, TrainingOptions options, BenchArguments arguments)
    {
        var server = Environment.GetEnvironmentVariable("PORTAL_POSTGRES")
            ?? throw new InvalidOperationException("--path worker needs PORTAL_POSTGRES: start servers with deploy/servers.sh start DIR and source DIR/servers.env.");
        var database = "bench_" + Guid.NewGuid().ToString("N");
        var connection = CreateDatabase(server, database);
        var webFolder = Path.Combine(Path.GetTempPath(), "modellab-bench", Guid.NewGuid().ToString("N"));
        var workerFolder = Path.Combine(Path.GetTempPath(), "modellab-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var web = Node(webFolder, builder => OnPostgres(builder, connection, "Web"));
            using var worker = Node(workerFolder, builder => OnPostgres(builder, connection, "Worker"));
            // The web node seeds the founder; the worker starts after it and trains.
            _ = web.Services;
            return TrainAsync(web.Services, worker.Services, spec, data.TrainCount, options, arguments.WarmUpRuns).GetAwaiter().GetResult();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            DropDatabase(server, database);
            DeleteFolder(webFolder);
            DeleteFolder(workerFolder);
        }
    }

    private static WebApplicationFactory<Program> Node(string folder, Action<IWebHostBuilder> configure)
    {
        // The factory looks for the portal's folder beside a test project; the bench says where it is.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PORTAL", PortalFolder());
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:DataDirectory", folder);
            builder.UseSetting("Portal:SeedDemoData", "true");
            builder.UseSetting("ModelLab:TorchThreads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("ModelLab:MaxEpochs", "50");
            builder.UseSetting("ModelLab:MaxUploadBytes", (1L << 30).ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("ModelLab:MaxUploadImages", "1000000");
            builder.UseSetting("ModelLab:MaxWorkspaceUploadBytes", (1L << 32).ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("ModelLab:MaxUserUploadBytes", (1L << 32).ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            configure(builder);
        });
    }

    private static void OnPostgres(IWebHostBuilder builder, string connection, string role)
    {
        builder.UseSetting("Portal:Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Portal", connection);
        builder.UseSetting("Portal:Role", role);
    }

    private static string CreateDatabase(string server, string database)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static void DropDatabase(string server, string database)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string PortalFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return Path.Combine(directory.FullName, "src", "Portal");
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the bench; run it from the repository.");
    }

    /// <summary>Uploads and queues through <paramref name="front"/>; the model is read where <paramref name="trainer"/> trained it.</summary>
    private static async Task<TrainingRun> TrainAsync(IServiceProvider front, IServiceProvider trainer, ModelSpec spec, int samples, TrainingOptions options, int warmUpRuns)
    {
        var lab = front.GetRequiredService<TrainingService>();
        string userId;
        await using (var scope = front.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(Founder))!.Id;
        }

        var workspaceId = (await front.GetRequiredService<WorkspaceService>().GetAccessAsync(userId, "loomsight"))!.WorkspaceId;

        // Enough images that, after the upload's test part and the run's validation part, `samples` remain to train on.
        var uploaded = (int)Math.Ceiling(samples / (1 - LabDatasets.UploadTestShare) / (1 - TrainingService.ValidationShare)) + 16;
        var (images, labels) = Idx(SyntheticData.Raw(uploaded, seed: 0));
        var dataset = await front.GetRequiredService<DatasetUploadService>().UploadAsync(userId, workspaceId, "Synthetic", [("images.idx", images), ("labels.idx", labels)]);
        var productOptions = options with { MetricsEverySteps = new TrainingOptions().MetricsEverySteps };

        // A server that has trained before: a freshly started portal spends its first runs compiling the code that
        // stores and publishes metrics (the JIT took 25-45% of a core throughout the first two runs here, with
        // profile-guided tiering still on), so runs of the same length come first.
        for (var warmUp = 1; warmUp <= warmUpRuns; warmUp++)
        {
            await RunAsync(lab, userId, workspaceId, new RunRequest($"Warm-up {warmUp}", dataset.Key, spec, productOptions, samples));
        }

        var start = RuntimeActivity.Now();
        var runId = await RunAsync(lab, userId, workspaceId, new RunRequest("Bench", dataset.Key, spec, productOptions, samples));
        var runtime = RuntimeActivity.Now().Since(start);
        var rates = (await lab.MetricsAsync(userId, workspaceId, runId))!.Where(m => m.ValidationLoss.HasValue).Select(m => m.SamplesPerSecond).ToList();
        return new TrainingRun(TrainedModel.Load(Path.Combine(trainer.GetRequiredService<RunFiles>().RunsFolder, runId.ToString("N"), "model")), rates, runtime);
    }

    /// <summary>Queues the run and waits until the job engine has finished it.</summary>
    private static async Task<Guid> RunAsync(TrainingService lab, string userId, Guid workspaceId, RunRequest request)
    {
        var runId = await lab.EnqueueAsync(userId, workspaceId, request);
        RunSummary run;
        while ((run = (await lab.GetAsync(userId, workspaceId, runId))!).IsActive)
        {
            await Task.Delay(1000);
        }

        return run.Status == RunStatus.Completed ? runId : throw new InvalidOperationException($"The run {request.Name} ended {run.Status}: {run.Error}");
    }

    /// <summary>The images and labels as the two MNIST-format files a founder would upload.</summary>
    private static (MemoryStream Images, MemoryStream Labels) Idx(LabelledImageSet set)
    {
        var images = new MemoryStream();
        Span<byte> word = stackalloc byte[4];
        foreach (var value in new[] { IdxReader.ImagesMagic, (uint)set.Count, (uint)set.Rows, (uint)set.Columns })
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, value);
            images.Write(word);
        }

        images.Write(set.Pixels);
        var labels = new MemoryStream();
        foreach (var value in new[] { IdxReader.LabelsMagic, (uint)set.Count })
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, value);
            labels.Write(word);
        }

        labels.Write(set.Labels);
        images.Position = 0;
        labels.Position = 0;
        return (images, labels);
    }
}
