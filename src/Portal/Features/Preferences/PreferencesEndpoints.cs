using Microsoft.AspNetCore.Identity;
using Portal.Data;
using Portal.Infrastructure;

namespace Portal.Features.Preferences;

/// <summary>
/// Plain links switch language and theme, so the switches work on static pages (the account pages)
/// as well as interactive ones; each saves the choice and returns to the page it came from.
/// </summary>
public static class PreferencesEndpoints
{
    public static string CultureLink(string culture, string returnUrl) =>
        $"preferences/culture?culture={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static string ThemeLink(bool dark, string returnUrl) =>
        $"preferences/theme?dark={(dark ? "true" : "false")}&returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder endpoints)
    {
        var preferences = endpoints.MapGroup("/preferences");
        preferences.MapGet("/culture", SetCultureAsync);
        preferences.MapGet("/theme", SetThemeAsync);
        return endpoints;
    }

    private static async Task<IResult> SetCultureAsync(string? culture, string? returnUrl, HttpContext http, UserManager<ApplicationUser> users)
    {
        if (!UiCultures.IsSupported(culture))
        {
            return Results.BadRequest($"Unsupported language. Use one of: {string.Join(", ", UiCultures.Supported)}.");
        }

        var chosen = UiCultures.Supported.First(c => c.Equals(culture, StringComparison.OrdinalIgnoreCase));
        PreferenceCookies.WriteCulture(http.Response, chosen);
        await SaveToProfileAsync(http, users, user => user.PreferredCulture = chosen);
        return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

    private static async Task<IResult> SetThemeAsync(bool dark, string? returnUrl, HttpContext http, UserManager<ApplicationUser> users)
    {
        PreferenceCookies.WriteTheme(http.Response, dark);
        await SaveToProfileAsync(http, users, user => user.PrefersDarkMode = dark);
        return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

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
