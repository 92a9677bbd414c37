using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using Portal.Components;
using Portal.Components.Account;

namespace Portal.Infrastructure;

public static class PortalUiServiceCollectionExtensions
{
    public static IServiceCollection AddPortalUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = BrowserMessageLimit.Bytes);
        // Messages appear at the bottom: at the top right they covered the bell and the sign-out button.
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddScoped<DraftStore>();
        // Kestrel's drain and the job engine's stop (which waits for a training run to checkpoint) share the host's
        // shutdown time; stopping them side by side rather than one after the other keeps a restart short.
        services.Configure<HostOptions>(options => options.ServicesStopConcurrently = true);
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(UiCultures.Default)
                .AddSupportedCultures([.. UiCultures.Supported])
                .AddSupportedUICultures([.. UiCultures.Supported]);
            // The saved choice decides; without one the portal speaks Chinese, its default.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseTransportSecurity();
        app.UseCircuitsEndOnShutdown();
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication, so that signed-in readers are neither served nor stored; after
        // localization, so that pages vary by the language the request resolved to.
        app.UseOutputCache();
        app.UseAntiforgery();
        app.UseAntiforgeryRefusal();
        return app;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
