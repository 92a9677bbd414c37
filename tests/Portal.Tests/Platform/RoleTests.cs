using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Content;
using Portal.Features.Canvas;
using Portal.Features.ModelLab;
using Portal.Features.ModelLab.Jobs;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.ModelLab;

namespace Portal.Tests.Platform;

/// <summary>Web nodes and workers of a scale-out deployment on one PostgreSQL database.</summary>
public sealed class RoleTests
{
    [Fact]
    public async Task A_run_queued_on_a_web_node_is_trained_by_a_worker_which_serves_no_pages()
    {
        var database = await TestServers.CreateDatabaseAsync();
        await using var web = new PostgresNodeFactory(database, seedDemoData: false, PortalRole.Web);
        await using var worker = new PostgresNodeFactory(database, seedDemoData: false, PortalRole.Worker);
        var founder = await TestUsers.CreateAsync(web.Services, "Founder", PortalRoles.Founder);
        var workspace = await web.Services.GetRequiredService<WorkspaceService>()
            .CreateAsync(founder, new WorkspaceInput("Roles", "Pitch", WorkspaceStage.Idea, "Retail"));
        _ = worker.Services;

        var lab = web.Services.GetRequiredService<TrainingService>();
        var runId = await lab.EnqueueAsync(founder, workspace.Id, TrainingServiceTests.ShortRun);
        var done = await TrainingServiceTests.WaitForAsync(lab, founder, workspace.Id, runId, RunStatus.Completed);

        Assert.True(done.TestAccuracy > 0);
        Assert.False(HasJobServer(web), "a web node must not train");
        Assert.True(HasJobServer(worker));
        var workerClient = worker.CreateClient();
        Assert.Equal("Healthy", await workerClient.GetStringAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.NotFound, (await workerClient.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await workerClient.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/Account/Login")).StatusCode);

        // Each process holds what it runs: the worker no pages' services, the web node no trainer.
        Assert.Null(worker.Services.GetService<TrainingService>());
        Assert.Null(worker.Services.GetService<WorkspaceService>());
        Assert.Null(worker.Services.GetService<ContentLibrary>());
        Assert.Null(worker.Services.GetService<CanvasService>());
        Assert.NotNull(worker.Services.GetService<TrainingRunner>());
        Assert.Null(web.Services.GetService<TrainingRunner>());
        Assert.Null(web.Services.GetService<RunRecorder>());
        // Without accounts, the worker still shapes the model as the migrations do (its own process would otherwise
        // find "pending model changes"; in this one, EF's model cache hides it).
        Assert.Equal(IdentitySchemaVersions.Version3, worker.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Stores.SchemaVersion);
    }

    private static bool HasJobServer(PostgresNodeFactory node) =>
        node.Services.GetServices<IHostedService>().Any(service => service.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
}
