using System.Globalization;

namespace Portal.Infrastructure;

/// <summary>The languages the portal is written in; Chinese is the default.</summary>
public static class UiCultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string Default = Chinese;

    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static bool IsSupported(string? culture) =>
        culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);

    public static bool IsEnglish(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName.Equals(English, StringComparison.OrdinalIgnoreCase);
}
