using System.Security.Claims;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Features.Workspaces;
using Portal.Data;
using Portal.Features.ModelLab.Jobs;
using Portal.Infrastructure;

namespace Portal.Features.ModelLab;

public static class ModelLabServiceCollectionExtensions
{
    /// <summary>
    /// The lab for a node of the given role: its settings, data sets, files and queue everywhere; the pages' side
    /// (queueing, results, uploads) where pages are served, and the job side (<see cref="LabJobsServiceCollectionExtensions"/>)
    /// where runs are trained.
    /// </summary>
    public static IServiceCollection AddModelLab(this IServiceCollection services, PortalRole role = PortalRole.All)
    {
        services.AddOptions<ModelLabOptions>().BindConfiguration(ModelLabOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RunLostAfterSeconds >= 3 * o.RunHeartbeatSeconds, "ModelLab:RunLostAfterSeconds must be at least three heartbeats (ModelLab:RunHeartbeatSeconds).")
            .ValidateOnStart();
        services.AddSingleton(provider => new LabDatasets(
            PortalContent.Directory(provider),
            Path.Combine(provider.GetRequiredService<PortalDatabase>().DataDirectory, "lab", "datasets"),
            provider.GetRequiredService<IOptions<ModelLabOptions>>().Value));
        services.AddLabFileStore();
        services.AddSingleton<TorchThreads>();
        services.AddSingleton<TrainingHere>();
        AddJobStorage(services);
        if (role != PortalRole.Worker)
        {
            services.AddSingleton<TrainingService>();
            services.AddSingleton<DatasetUploadService>();
            services.AddSingleton<IPlanSection, LabPlanSection>();
            services.AddSingleton<ICohortDashboardColumn, BestModelColumn>();
            services.AddHostedService<OrphanUploadsOnStart>();
        }

        services.AddLabJobs(role);
        return services;
    }

    /// <summary>
    /// The queue every node shares: this app's own storage and job activator rather than Hangfire's process-wide ones,
    /// so that several hosts in one process (the tests) each keep their own queue and run jobs with their own services.
    /// </summary>
    private static void AddJobStorage(IServiceCollection services)
    {
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<JobStorage>(provider =>
        {
            var database = provider.GetRequiredService<PortalDatabase>();
            var poll = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<ModelLabOptions>>().Value.QueuePollSeconds);
            if (database.Provider == DatabaseProvider.Postgres)
            {
                // The portal's own database, in a schema of its own, so that every node sees one queue.
                var options = new PostgreSqlStorageOptions { QueuePollInterval = poll, SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
            }

            Directory.CreateDirectory(database.DataDirectory);
            return new SQLiteStorage(Path.Combine(database.DataDirectory, "jobs.db"), new SQLiteStorageOptions { QueuePollInterval = poll });
        });
        services.AddHangfire((provider, configuration) => configuration
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("job storage", tags: [PortalDataServiceCollectionExtensions.ReadyTag]);
    }

    public static IEndpointRouteBuilder MapModelLab(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/w/{slug}/lab/runs/{runId:guid}/export.zip", (string slug, Guid runId, ClaimsPrincipal user, WorkspaceService workspaces, TrainingService lab, CancellationToken ct) =>
            ExportAsync(slug, runId, specOnly: false, user, workspaces, lab, ct)).RequireAuthorization();
        endpoints.MapGet("/w/{slug}/lab/runs/{runId:guid}/spec.json", (string slug, Guid runId, ClaimsPrincipal user, WorkspaceService workspaces, TrainingService lab, CancellationToken ct) =>
            ExportAsync(slug, runId, specOnly: true, user, workspaces, lab, ct)).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(string slug, Guid runId, bool specOnly, ClaimsPrincipal user, WorkspaceService workspaces, TrainingService lab,
        CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var access = await workspaces.GetAccessAsync(userId, slug, cancellationToken);
        var export = access is null ? null : await lab.ExportAsync(userId, access.WorkspaceId, runId, specOnly, cancellationToken);
        return export is { } file ? Results.File(file.Content, file.ContentType, file.FileName) : Results.NotFound();
    }

    /// <summary>Removes upload files that no data set owns (a stopped upload, a deleted workspace) before the portal takes requests.</summary>
    private sealed class OrphanUploadsOnStart(DatasetUploadService uploads, ILogger<OrphanUploadsOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var removed = await uploads.RemoveOrphansAsync(cancellationToken);
            if (removed > 0)
            {
                logger.LogWarning("{Count} upload folders or files that no data set owns were removed", removed);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
