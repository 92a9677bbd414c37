namespace Portal.Content.Tests;

/// <summary>Builds chapter files for tests and finds the repository's real content.</summary>
internal static class TestContent
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string RealContentRoot => Path.Combine(RepositoryRoot, "content");

    public static string Chapter(
        int order, string title, string body, string part = "Part 1", string tool = "none", string summary = "What this chapter teaches.") => $"""
        ---
        title: {title}
        part: {part}
        order: {order}
        summary: {summary}
        reading_minutes: 3
        related_tool: {tool}
        ---

        {body}
        """;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A content root in the temp folder, deleted on dispose.</summary>
internal sealed class TempContentFolder : IDisposable
{
    public TempContentFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "portal-content-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "guide", "zh-CN"));
        Directory.CreateDirectory(Path.Combine(Root, "guide", "en"));
    }

    public string Root { get; }

    /// <summary>Writes a file; <paramref name="relativePath"/> is relative to the content root.</summary>
    public TempContentFolder Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!); // a file path always has a directory
        File.WriteAllText(path, text);
        return this;
    }

    /// <summary>Writes the same chapter into both languages.</summary>
    public TempContentFolder WriteBoth(string fileName, string zh, string en) =>
        Write($"guide/zh-CN/{fileName}", zh).Write($"guide/en/{fileName}", en);

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public ContentLibrary Open(bool watch = false) =>
        new(Root, new ContentOptions { WatchForChanges = watch, ReloadDelay = TimeSpan.FromMilliseconds(50) });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
