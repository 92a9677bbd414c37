using Microsoft.Extensions.Localization;

namespace Portal.Infrastructure;

/// <summary>Texts about a number of things, which English words differently after exactly 1: "1 epoch", "3 epochs".</summary>
public static class CountedText
{
    /// <summary>
    /// The key's ".One" text after exactly 1, the key's own text after any other count. Chinese has one form, so its
    /// ".One" texts read like the others.
    /// </summary>
    public static string Counted(this IStringLocalizer localizer, string key, int count, params object[] arguments) =>
        localizer[count == 1 ? $"{key}.One" : key, arguments];
}
