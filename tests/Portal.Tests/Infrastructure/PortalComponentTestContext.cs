using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Content;

namespace Portal.Tests.Infrastructure;

/// <summary>The one set-up every component test uses: MudBlazor, the portal's resources, loose JS interop, a signed-out or signed-in user.</summary>
public static class PortalComponentTestContext
{
    /// <summary>The repository's <c>content</c> folder.</summary>
    public static string ContentRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test folder."), "content");
        }
    }

    /// <summary>
    /// A feature service with what it needs, for components that save through it: tests that use this never reach the
    /// database (the connection string names one that is never opened).
    /// </summary>
    public static void AddFeatureService<TService>(IServiceCollection services)
        where TService : class
    {
        services.AddDbContextFactory<Portal.Data.PortalDbContext>(options => options.UseSqlite("Data Source=:memory:"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Portal.Features.Workspaces.IWorkspaceEvents, Portal.Features.Workspaces.InProcessWorkspaceEvents>();
        services.AddSingleton<Portal.Features.Workspaces.WorkspaceAccessCheck>();
        services.AddSingleton<TService>();
        services.AddLogging();
    }

    public static BunitContext Create(out BunitAuthorizationContext authorization, Action<IServiceCollection>? services = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        context.Services.AddScoped<Portal.Infrastructure.DraftStore>();
        context.Services.AddScoped<Portal.Features.Workspaces.CircuitConnection>();
        // The app bar's search box reads the real guide.
        context.Services.AddSingleton(new ContentLibrary(ContentRoot, new ContentOptions { WatchForChanges = false }));
        services?.Invoke(context.Services);
        authorization = context.AddAuthorization();
        // Reading the renderer builds the service provider, so this comes after every registration.
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
