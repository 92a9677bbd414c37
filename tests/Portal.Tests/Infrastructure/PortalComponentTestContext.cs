using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Portal.Tests.Infrastructure;

/// <summary>The one set-up every component test uses: MudBlazor, the portal's resources, loose JS interop, a signed-out or signed-in user.</summary>
public static class PortalComponentTestContext
{
    public static BunitContext Create(out BunitAuthorizationContext authorization)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        authorization = context.AddAuthorization();
        // Reading the renderer builds the service provider, so this comes after every registration.
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
