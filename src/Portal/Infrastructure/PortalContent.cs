using Microsoft.Extensions.Options;

namespace Portal.Infrastructure;

/// <summary>Where the content folder is (the guide's chapters, the built-in data sets), for every role of node.</summary>
public static class PortalContent
{
    /// <summary><c>Portal:ContentDirectory</c>, or the nearest <c>content</c> folder with a guide above the app's content root.</summary>
    public static string Directory(IServiceProvider services) =>
        Resolve(services.GetRequiredService<IOptions<PortalOptions>>().Value.ContentDirectory, services.GetRequiredService<IHostEnvironment>().ContentRootPath);

    private static string Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured));
        }

        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "content");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "guide")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No content/guide folder above {contentRoot}; set Portal:ContentDirectory.");
    }
}
