using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

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
        SharedResponseAntiforgery.Decorate(services);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(context.HttpContext.Response.WriteAsync(
                    "Too many attempts from this address. Wait a minute and try again. / 尝试过于频繁，请一分钟后再试。",
                    cancellationToken));
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
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
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
