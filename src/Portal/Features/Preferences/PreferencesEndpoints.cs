using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Infrastructure;

namespace Portal.Features.Preferences;

/// <summary>
/// Small forms switch language and theme, so the switches work on static pages (the account pages) as
/// well as interactive ones; each saves the choice and returns to the page it came from. They are posts:
/// a link from another site, followed with the reader's cookies, must not change a saved setting.
/// </summary>
public static class PreferencesEndpoints
{
    public const string CulturePath = "preferences/culture";
    public const string ThemePath = "preferences/theme";

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder endpoints)
    {
        // The token is checked in the handlers, and only for a signed-in reader: pages shared through the output
        // cache (guide chapters for anonymous readers) carry no token, and for them a switch changes only a cookie.
        endpoints.MapPost(CulturePath, SetCultureAsync).DisableAntiforgery();
        endpoints.MapPost(ThemePath, SetThemeAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> SetCultureAsync(
        [FromForm] string? culture, [FromForm] string? returnUrl, HttpContext http, UserManager<ApplicationUser> users, IAntiforgery antiforgery, IStringLocalizer<UiStrings> text)
    {
        if (await IsForgedAsync(http, antiforgery))
        {
            return Results.BadRequest(text["Preferences.FormExpired"].Value);
        }

        if (!UiCultures.IsSupported(culture))
        {
            return Results.BadRequest($"Unsupported language. Use one of: {string.Join(", ", UiCultures.Supported)}.");
        }

        var chosen = UiCultures.Supported.First(c => c.Equals(culture, StringComparison.OrdinalIgnoreCase));
        PreferenceCookies.WriteCulture(http.Response, chosen);
        await SaveToProfileAsync(http, users, user => user.PreferredCulture = chosen);
        return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

    private static async Task<IResult> SetThemeAsync(
        [FromForm] bool dark, [FromForm] string? returnUrl, HttpContext http, UserManager<ApplicationUser> users, IAntiforgery antiforgery, IStringLocalizer<UiStrings> text)
    {
        if (await IsForgedAsync(http, antiforgery))
        {
            return Results.BadRequest(text["Preferences.FormExpired"].Value);
        }

        PreferenceCookies.WriteTheme(http.Response, dark);
        await SaveToProfileAsync(http, users, user => user.PrefersDarkMode = dark);
        return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

    private static async Task<bool> IsForgedAsync(HttpContext http, IAntiforgery antiforgery) =>
        http.User.Identity?.IsAuthenticated == true && !await antiforgery.IsRequestValidAsync(http);

    private static async Task SaveToProfileAsync(HttpContext http, UserManager<ApplicationUser> users, Action<ApplicationUser> change)
    {
        if (http.User.Identity?.IsAuthenticated != true || await users.GetUserAsync(http.User) is not { } user)
        {
            return;
        }

        change(user);
        await users.UpdateAsync(user);
    }
}
