namespace Portal.Infrastructure;

/// <summary>
/// A yes/no query parameter, read leniently: Blazor's binding of a <c>bool</c> parameter throws on a value such
/// as <c>?resume=abc</c>, which answered 500; anything but "true" now means no.
/// </summary>
public static class QueryFlag
{
    public static bool IsOn(string? value) => bool.TryParse(value, out var on) && on;
}
