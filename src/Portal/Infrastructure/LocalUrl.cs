namespace Portal.Infrastructure;

/// <summary>Keeps redirects inside the site: a return URL is used only when it is a path on this host.</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary>The URL itself when it is local, otherwise the home page.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
