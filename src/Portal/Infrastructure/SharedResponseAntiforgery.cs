using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure;

/// <summary>
/// Mints no antiforgery tokens for a response that the output cache may store and share. In an app
/// whose one render mode is interactive server, Blazor persists a token into every page it renders
/// and sets its cookie, even on a static page without a form; the output cache refuses a response
/// with Set-Cookie, and a token in a shared page would belong to its first reader anyway. A form on
/// such a page would fail validation, so cached pages hold none. Validation itself is untouched.
/// </summary>
internal sealed class SharedResponseAntiforgery(IAntiforgery inner) : IAntiforgery
{
    /// <summary>Wraps the <see cref="IAntiforgery"/> that <c>AddAntiforgery()</c> registers.</summary>
    public static void Decorate(IServiceCollection services)
    {
        services.AddAntiforgery();
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var implementation = registered.ImplementationType
            ?? throw new InvalidOperationException("IAntiforgery is expected to be registered by type, as AddAntiforgery() does.");
        services.Replace(ServiceDescriptor.Singleton<IAntiforgery>(provider =>
            new SharedResponseAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(provider, implementation))));
    }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        IsShared(httpContext) ? NoTokens(httpContext) : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) =>
        IsShared(httpContext) ? NoTokens(httpContext) : inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext)
    {
        if (!IsShared(httpContext))
        {
            inner.SetCookieTokenAndHeader(httpContext);
        }
    }

    private static bool IsShared(HttpContext httpContext) =>
        httpContext.Features.Get<IOutputCacheFeature>()?.Context.AllowCacheStorage == true;

    private static AntiforgeryTokenSet NoTokens(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        return new AntiforgeryTokenSet(requestToken: null, cookieToken: null, options.FormFieldName, options.HeaderName);
    }
}
