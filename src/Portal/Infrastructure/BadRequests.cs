using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Portal.Infrastructure;

/// <summary>
/// Requests the portal cannot act on get 400 with a sentence in the reader's language, never a 500. The
/// antiforgery middleware only records a failed check; an endpoint that then reads the form throws, which in
/// Production became a 500 (and the error page, re-executed as a POST, failed the same way).
/// </summary>
public static class BadRequests
{
    /// <summary>After <c>UseAntiforgery</c>: answers a post whose antiforgery check failed before any endpoint reads it.</summary>
    public static IApplicationBuilder UseAntiforgeryRefusal(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                await FormRefused(http).ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    /// <summary>The 400 for a form that did not come from one of this site's pages, or has expired.</summary>
    public static IResult FormRefused(HttpContext http) => Refused(http, "BadRequest.Form");

    /// <summary>A 400 whose text is the resource <paramref name="messageKey"/> in the reader's language.</summary>
    public static IResult Refused(HttpContext http, string messageKey) =>
        Results.Text(
            http.RequestServices.GetRequiredService<IStringLocalizer<UiStrings>>()[messageKey],
            "text/plain; charset=utf-8",
            statusCode: StatusCodes.Status400BadRequest);
}
