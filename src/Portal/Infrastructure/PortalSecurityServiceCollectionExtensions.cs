using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Features.Workspaces;

namespace Portal.Infrastructure;

public static class PortalSecurityServiceCollectionExtensions
{
    public const string LoginPath = "/Account/Login";

    /// <summary>
    /// The anonymous account forms a client could repeat to guess passwords or to learn which addresses have
    /// accounts; posts to them share one limit per client address.
    /// </summary>
    public static readonly IReadOnlyList<string> GuessablePaths =
    [
        LoginPath, "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Register",
        "/Account/ForgotPassword", "/Account/ResendEmailConfirmation", "/Account/ResetPassword",
    ];

    /// <summary>
    /// Blazor Server needs only same-origin scripts and its WebSocket; MudBlazor sets inline styles,
    /// hence 'unsafe-inline' for styles alone.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddPortalSecurity(this IServiceCollection services)
    {
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        AddTransportSecurity(services);
        SharedResponseAntiforgery.Decorate(services);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<UiStrings>>();
                return new ValueTask(context.HttpContext.Response.WriteAsync(text["RateLimit.TooMany"], cancellationToken));
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)
                    || !GuessablePaths.Any(path => http.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var permits = http.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.LoginPermitsPerMinute;
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var window = new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                };
                // With Redis, one budget for all nodes: a client cannot get more attempts by reaching several.
                return http.RequestServices.GetRequiredService<IOptions<RedisOptions>>().Value is { Connection.Length: > 0 } redis
                    ? RateLimitPartition.Get(client, _ => SharedLoginLimiter.Create(http.RequestServices, redis.Prefix, client, window))
                    : RateLimitPartition.GetFixedWindowLimiter(client, _ => window);
            });
        });
        return services;
    }

    /// <summary>
    /// Outside Development the portal is served over TLS, usually by nginx in front of it: plain HTTP is redirected,
    /// every cookie is Secure, and only the listed host names are answered, so that no redirect or link is built
    /// from a Host header the client made up.
    /// </summary>
    private static void AddTransportSecurity(IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>()
            .BindConfiguration(ReverseProxyOptions.Section)
            .Validate(options => options.IsValid(), $"{ReverseProxyOptions.Section} lists an address or a network that is not an IP address or CIDR range.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((options, proxies) =>
        {
            // Not X-Forwarded-Host: the host name stays the one the host filter checked.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        // Redirects go to the proxy's TLS port: HTTPS_PORT when set, else the standard one.
        services.AddOptions<HttpsRedirectionOptions>().Configure<IConfiguration>((options, configuration) =>
            options.HttpsPort = configuration.GetValue<int?>("HTTPS_PORT") ?? 443);
        services.AddOptions<CookiePolicyOptions>().Configure<IHostEnvironment>((options, environment) =>
            options.Secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.AddOptions<HostFilteringOptions>()
            .Validate<IHostEnvironment>(
                (options, environment) => environment.IsDevelopment() || !options.AllowedHosts.Contains("*"),
                "AllowedHosts is \"*\": outside Development list the site's host names, separated by ';' (for example \"portal.example.com\").")
            .ValidateOnStart();
    }

    /// <summary>First in the pipeline, so that everything after it sees the scheme and client address the proxy saw.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            // A load balancer asks a node's health over plain HTTP on the node's own port; only people are sent to HTTPS.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), https => https.UseHttpsRedirection());
        }

        app.UseCookiePolicy();
        return app;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return next(http);
        });
}
