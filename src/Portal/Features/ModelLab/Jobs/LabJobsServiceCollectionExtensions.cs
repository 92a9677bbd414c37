using Hangfire;
using Microsoft.Extensions.Options;
using Portal.Features.ModelLab.Storage;
using Portal.Infrastructure;

namespace Portal.Features.ModelLab.Jobs;

/// <summary>The lab's job side: what trains queued runs, and what notices runs whose node stopped.</summary>
public static class LabJobsServiceCollectionExtensions
{
    /// <param name="role">
    /// A web node trains nothing: it only watches for runs lost with their worker. Workers and the all-in-one node train;
    /// only the all-in-one node, the one process that trains, takes every run left Running at its start for its own.
    /// </param>
    public static IServiceCollection AddLabJobs(this IServiceCollection services, PortalRole role)
    {
        services.AddSingleton<InterruptedRuns>();
        services.AddSingleton<LostRuns>();
        if (role == PortalRole.All)
        {
            // With several workers, a run left Running may be training on another one right now.
            services.AddHostedService<InterruptedRunsOnStart>();
        }
        else
        {
            // Web nodes and workers watch each other's runs: a worker that dies mid-run leaves it Running otherwise.
            services.AddHostedService<LostRuns.Sweep>();
        }

        if (role == PortalRole.Web)
        {
            return services;
        }

        services.AddSingleton<RunRecorder>();
        services.AddSingleton<Portal.Features.Kpis.KpiLabBinding>();
        services.AddSingleton<TrainingRunner>();
        services.AddTransient<TrainingJob>();
        services.AddHangfireServer((provider, server) =>
        {
            server.WorkerCount = provider.GetRequiredService<IOptions<ModelLabOptions>>().Value.MaxConcurrentRuns;
            server.Queues = [TrainingJob.Queue];
        });
        return services;
    }

    /// <summary>
    /// Turns runs a stopped process left Running into Interrupted before the job engine starts taking work, and deletes
    /// checkpoints completed runs no longer need.
    /// </summary>
    private sealed class InterruptedRunsOnStart(InterruptedRuns runs, RunFiles runFiles, ILogger<InterruptedRunsOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var count = await runs.MarkAsync(cancellationToken);
            if (count > 0)
            {
                logger.LogWarning("{Count} training runs were interrupted by the last shutdown; they can be resumed from their checkpoints", count);
            }

            var cleaned = await runFiles.RemoveFinishedCheckpointsAsync(cancellationToken);
            if (cleaned > 0)
            {
                logger.LogInformation("Deleted the checkpoints of {Count} completed training runs", cleaned);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
