namespace Portal.Components.Account;

/// <summary>
/// Status messages travel as plain strings, across redirects in a cookie. As in the template, a leading
/// "Error" marks a failure; <c>StatusMessage</c> styles it and shows the marker in the reader's language,
/// so the marker itself is never displayed.
/// </summary>
internal static class StatusText
{
    private const string ErrorMarker = "Error";

    public static string Error(string message) => $"{ErrorMarker}: {message}";

    public static bool IsError(string message) => message.StartsWith(ErrorMarker, StringComparison.Ordinal);

    /// <summary>The text after the marker ("Error: x" gives "x"); other messages are returned as they are.</summary>
    public static string WithoutMarker(string message) =>
        message.StartsWith(ErrorMarker + ":", StringComparison.Ordinal)
            ? message[(ErrorMarker.Length + 1)..].TrimStart()
            : message;
}
