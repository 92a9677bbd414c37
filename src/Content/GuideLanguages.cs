namespace Portal.Content;

/// <summary>The languages the guide is written in; each is a folder under <c>guide/</c>.</summary>
public static class GuideLanguages
{
    /// <summary>Simplified Chinese, the default language.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>All languages, default first.</summary>
    public static IReadOnlyList<string> All { get; } = [Chinese, English];

    /// <summary>Returns the canonical spelling of <paramref name="language"/> (case-insensitive), or null when the guide has no such language.</summary>
    public static string? Normalize(string? language) =>
        All.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase));
}
