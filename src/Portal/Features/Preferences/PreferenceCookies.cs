using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Portal.Data;

namespace Portal.Features.Preferences;

/// <summary>
/// Language and theme live in cookies so that every request, signed in or not, renders in the right
/// look at once; a signed-in user's profile holds the same choice and refills the cookies at sign-in.
/// </summary>
public static class PreferenceCookies
{
    public const string ThemeCookie = "portal.theme";
    private const string Dark = "dark";
    private const string Light = "light";

    public static bool ReadDarkMode(HttpRequest request) => request.Cookies[ThemeCookie] == Dark;

    public static void WriteCulture(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            Options());

    public static void WriteTheme(HttpResponse response, bool dark) =>
        response.Cookies.Append(ThemeCookie, dark ? Dark : Light, Options());

    /// <summary>Cookie-auth hook: copies the profile's saved choices into the cookies of this browser.</summary>
    public static async Task ApplyProfileAsync(CookieSignedInContext context)
    {
        if (context.Principal is null)
        {
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(context.Principal);
        if (user?.PreferredCulture is { } culture)
        {
            WriteCulture(context.Response, culture);
        }

        if (user?.PrefersDarkMode is { } dark)
        {
            WriteTheme(context.Response, dark);
        }
    }

    private static CookieOptions Options() => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
    };
}
