using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.OutputCaching;
using Portal.Content;
using Portal.Features.Preferences;

namespace Portal.Features.Guide;

/// <summary>
/// Anonymous chapter pages come from the output cache. Such a page depends only on the chapter, the
/// language, the theme, the content's version and whether Blazor asked for an enhanced navigation
/// (which answers with different markers). Signed-in readers are never cached: the default policy
/// skips authenticated requests, and their page shows their own workspace and progress.
/// </summary>
public static class GuideOutputCache
{
    public const string ChapterPolicy = "guide-chapter";

    /// <summary>Every cached guide page carries this tag, so that a content reload evicts them all.</summary>
    public const string Tag = "guide";

    // Long: a reload evicts the pages, and nothing else changes an anonymous page.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    internal static void AddChapterPolicy(OutputCacheOptions options) =>
        options.AddPolicy(ChapterPolicy, policy => policy
            .Expire(Lifetime)
            .Tag(Tag)
            .VaryByValue(http => new("culture", http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? ""))
            .VaryByValue(http => new("theme", PreferenceCookies.ReadDarkMode(http.Request) ? "dark" : "light"))
            .VaryByValue(http => new("enhanced-nav", IsEnhancedNavigation(http.Request) ? "yes" : "no"))
            // A page rendered while a reload swapped the chapters is stored under the old version,
            // which no later request asks for: eviction alone could race with that store.
            .VaryByValue(http => new("content", http.RequestServices.GetRequiredService<ContentLibrary>().Version.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Drops every cached guide page when the library reloads changed chapters.</summary>
    internal static void EvictOnContentChange(ContentLibrary library, IOutputCacheStore store) =>
        // Waited for, so that a request made after ContentLibrary.Reload() returns never sees the old page.
        library.Changed += (_, _) => store.EvictByTagAsync(Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    // Blazor's script asks for enhanced navigations with exactly this Accept header.
    private static bool IsEnhancedNavigation(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("blazor-enhanced-nav=on", StringComparison.Ordinal);
}
