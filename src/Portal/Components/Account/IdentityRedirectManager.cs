using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Infrastructure;

namespace Portal.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, IStringLocalizer<AccountText> text)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects: an address outside this site sends the user home instead.
        if (!LocalUrl.IsLocal(uri))
        {
            if (uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase))
            {
                uri = navigationManager.ToBaseRelativePath(uri);
            }

            // What is left after the site's own address may still leave the site ("//evil.example" is scheme-relative).
            if (!IsSiteRelativePath(uri))
            {
                uri = "";
            }
        }

        navigationManager.NavigateTo(uri);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    // Paths such as "Account/Lockout" resolve against the site's base; no scheme, host or leading slash.
    private static bool IsSiteRelativePath(string uri) =>
        Uri.IsWellFormedUriString(uri, UriKind.Relative)
        && !uri.StartsWith('/')
        && !uri.StartsWith('\\')
        && !uri.Contains(':', StringComparison.Ordinal);

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", StatusText.Error(text["Account.UserNotFound", userManager.GetUserId(context.User) ?? ""]), context);
}
