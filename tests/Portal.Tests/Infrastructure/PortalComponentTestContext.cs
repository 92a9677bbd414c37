using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
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

    public static BunitContext Create(out BunitAuthorizationContext authorization, Action<IServiceCollection>? services = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        context.Services.AddScoped<Portal.Infrastructure.DraftStore>();
        // The app bar's search box reads the real guide.
        context.Services.AddSingleton(new ContentLibrary(ContentRoot, new ContentOptions { WatchForChanges = false }));
        services?.Invoke(context.Services);
        authorization = context.AddAuthorization();
        // Reading the renderer builds the service provider, so this comes after every registration.
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
