using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Portal.Content.Rendering;
using Portal.Content.Rendering.Links;
using Portal.Content.Search;

namespace Portal.Content;

/// <summary>
/// Every chapter of the guide in every language, rendered once and cached. Reads are lock-free and
/// thread-safe; when files under the content root change, the library reloads the changed chapters
/// (after <see cref="ContentOptions.ReloadDelay"/>), checks links across all chapters again, rebuilds
/// the search index and raises <see cref="Changed"/>. Problems never throw: they are listed in
/// <see cref="Errors"/>; a chapter with bad front matter is left out, a chapter with a broken link is kept.
/// </summary>
public sealed class ContentLibrary : IDisposable
{
    private readonly ContentOptions options;
    private readonly ChapterRenderer renderer;
    private readonly Lock reloadGate = new();
    private readonly Lock timerGate = new();
    private readonly Dictionary<string, CachedFile> cache = new(StringComparer.Ordinal);
    private readonly Timer? timer;
    private readonly FileSystemWatcher? watcher;
    private Snapshot snapshot = Snapshot.Empty;
    private volatile bool disposed;

    /// <summary>Loads every chapter under <c>{contentRoot}/guide/{language}/</c> and, if enabled, starts watching for changes.</summary>
    /// <param name="contentRoot">The folder that holds <c>guide/</c>.</param>
    /// <param name="options">Routes and reload settings; defaults when null.</param>
    /// <exception cref="DirectoryNotFoundException">The content root does not exist.</exception>
    public ContentLibrary(string contentRoot, ContentOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        ContentRoot = Path.GetFullPath(contentRoot);
        if (!Directory.Exists(ContentRoot))
        {
            throw new DirectoryNotFoundException($"The content root '{ContentRoot}' does not exist.");
        }

        this.options = options ?? new ContentOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.ReloadDelay, TimeSpan.Zero, nameof(options));
        renderer = new ChapterRenderer(this.options);

        if (this.options.WatchForChanges)
        {
            // Watch before the first load so that a change made during it is not lost.
            timer = new Timer(_ => OnReloadDue());
            watcher = new FileSystemWatcher(ContentRoot)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => ScheduleReload();
            watcher.Created += (_, _) => ScheduleReload();
            watcher.Deleted += (_, _) => ScheduleReload();
            watcher.Renamed += (_, _) => ScheduleReload();
            watcher.Error += (_, _) => ScheduleReload();
            watcher.EnableRaisingEvents = true;
        }

        Load(raiseEvent: false);
    }

    /// <summary>
    /// Raised after a reload that changed chapters or errors, on the thread that reloaded: the watcher's
    /// timer thread, or the caller of <see cref="Reload"/>.
    /// </summary>
    public event EventHandler<ContentChangedEventArgs>? Changed;

    /// <summary>The absolute path of the content root.</summary>
    public string ContentRoot { get; }

    /// <summary>Goes up by one on every reload that changed chapters or errors; 1 after the first load.</summary>
    public long Version => Volatile.Read(ref snapshot).Version;

    /// <summary>
    /// A hash of the path and text of every chapter file loaded: libraries on two copies of the same chapters have the
    /// same fingerprint, and libraries on different chapters different ones, whatever their <see cref="Version"/>.
    /// </summary>
    public string Fingerprint => Volatile.Read(ref snapshot).Fingerprint;

    /// <summary>Every problem found in the content, ordered by file and line. Empty when the guide is clean.</summary>
    public IReadOnlyList<ContentError> Errors => Volatile.Read(ref snapshot).Errors;

    /// <summary>The search index over the current chapters of all languages.</summary>
    public ContentSearchIndex SearchIndex => Volatile.Read(ref snapshot).Search;

    /// <summary>Returns the chapter, or null when the language or slug is unknown (both compared case-insensitively).</summary>
    public Chapter? GetChapter(string language, string slug)
    {
        var current = Volatile.Read(ref snapshot);
        return GuideLanguages.Normalize(language) is { } lang
            && current.Chapters.TryGetValue(lang, out var chapters)
            && chapters.TryGetValue(slug, out var chapter)
            ? chapter
            : null;
    }

    /// <summary>Returns the parts and chapters of one language; an empty tree for an unknown language.</summary>
    public GuideTree GetTree(string language)
    {
        var current = Volatile.Read(ref snapshot);
        return GuideLanguages.Normalize(language) is { } lang && current.Trees.TryGetValue(lang, out var tree)
            ? tree
            : new GuideTree(language, []);
    }

    /// <summary>Reloads now instead of waiting for the file watcher; re-renders only files whose text changed.</summary>
    public void Reload() => Load(raiseEvent: true);

    /// <summary>Stops watching the content root.</summary>
    public void Dispose()
    {
        disposed = true;
        watcher?.Dispose();
        lock (timerGate)
        {
            timer?.Dispose();
        }
    }

    private void ScheduleReload()
    {
        lock (timerGate)
        {
            if (!disposed)
            {
                timer?.Change(options.ReloadDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnReloadDue()
    {
        if (disposed)
        {
            return;
        }

        try
        {
            Load(raiseEvent: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder vanished or was locked mid-scan; the editor is still at work, so look again shortly.
            ScheduleReload();
        }
    }

    private void Load(bool raiseEvent)
    {
        ContentChangedEventArgs? change;
        lock (reloadGate)
        {
            if (disposed)
            {
                return;
            }

            change = Rebuild();
        }

        if (raiseEvent && change is not null && Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ContentChangedEventArgs>>())
            {
                try
                {
                    handler(this, change);
                }
#pragma warning disable CA1031 // A subscriber's failure must not stop the others or crash the watcher's thread.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    /// <summary>Scans, renders what changed and swaps in a new snapshot; returns null when nothing changed.</summary>
    private ContentChangedEventArgs? Rebuild()
    {
        var errors = new List<ContentError>();
        var changedFiles = new List<string>();
        var files = ScanAndRender(errors, changedFiles);

        var chapters = new Dictionary<string, Dictionary<string, LoadedFile>>(StringComparer.Ordinal);
        foreach (var language in GuideLanguages.All)
        {
            var byFileName = new Dictionary<string, LoadedFile>(StringComparer.Ordinal);
            foreach (var file in files.Where(f => f.Language == language && f.Rendered.FrontMatter is not null))
            {
                if (byFileName.Values.FirstOrDefault(other => other.Slug == file.Slug) is { } sameSlug)
                {
                    errors.Add(new ContentError(file.Path, 1, $"slug '{file.Slug}' is also used by {sameSlug.Path}; it is left out"));
                }
                else if (byFileName.Values.FirstOrDefault(other => other.Number == file.Number) is { } sameNumber)
                {
                    errors.Add(new ContentError(file.Path, 1, $"number {file.Number:00} is also used by {sameNumber.Path}; it is left out"));
                }
                else
                {
                    byFileName[file.FileName] = file;
                }
            }

            chapters[language] = byFileName;
        }

        ContentChecks.Counterparts(files, errors);
        ContentChecks.Links(files, chapters, errors);
        ContentChecks.Assets(files, ContentRoot, errors);

        var trees = new Dictionary<string, GuideTree>(StringComparer.OrdinalIgnoreCase);
        var bySlug = new Dictionary<string, FrozenDictionary<string, Chapter>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, loaded) in chapters)
        {
            var tree = BuildTree(language, loaded.Values);
            trees[language] = tree;
            bySlug[language] = tree.Chapters.ToFrozenDictionary(c => c.Slug, StringComparer.OrdinalIgnoreCase);
        }

        ContentError[] sorted = [.. errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)];

        var previous = Volatile.Read(ref snapshot);
        if (previous.Version > 0 && changedFiles.Count == 0 && previous.Errors.SequenceEqual(sorted))
        {
            return null;
        }

        var next = new Snapshot(
            previous.Version + 1,
            bySlug.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            trees.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            sorted,
            new ContentSearchIndex(trees.Values.SelectMany(t => t.Chapters)),
            HashFiles());
        Volatile.Write(ref snapshot, next);
        return new ContentChangedEventArgs(next.Version, changedFiles);
    }

    private List<LoadedFile> ScanAndRender(List<ContentError> errors, List<string> changedFiles)
    {
        var files = new List<LoadedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var language in GuideLanguages.All)
        {
            var directory = Path.Combine(ContentRoot, "guide", language);
            if (!Directory.Exists(directory))
            {
                errors.Add(new ContentError($"guide/{language}", 1, "the language folder is missing"));
                continue;
            }

            var paths = Directory.GetFiles(directory, "*.md");
            Array.Sort(paths, StringComparer.Ordinal);
            foreach (var path in paths)
            {
                var fileName = Path.GetFileName(path);
                var relative = $"guide/{language}/{fileName}";
                var match = LinkRewriter.ChapterFileName().Match(fileName);
                if (!match.Success)
                {
                    errors.Add(new ContentError(relative, 1, "chapter file names look like NN-slug.md (two digits, lower-case words joined by '-'); the file is left out"));
                    continue;
                }

                string text;
                try
                {
                    text = File.ReadAllText(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (!cache.TryGetValue(relative, out var stale))
                    {
                        errors.Add(new ContentError(relative, 1, $"cannot read the file: {e.Message}"));
                        continue;
                    }

                    // Mid-save: keep what we had; the watcher will fire again when the write completes.
                    text = stale.Text;
                }

                seen.Add(relative);
                if (!cache.TryGetValue(relative, out var cached) || !string.Equals(cached.Text, text, StringComparison.Ordinal))
                {
                    cached = new CachedFile(text, renderer.Render(text, relative), SHA256.HashData(Encoding.UTF8.GetBytes(text)));
                    cache[relative] = cached;
                    changedFiles.Add(relative);
                }

                errors.AddRange(cached.Rendered.Errors);
                files.Add(new LoadedFile(
                    language,
                    relative,
                    fileName,
                    int.Parse(match.Groups["nn"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture),
                    match.Groups["slug"].Value,
                    cached.Rendered));
            }
        }

        foreach (var gone in cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            cache.Remove(gone);
            changedFiles.Add(gone);
        }

        return files;
    }

    // Each file's text is hashed once, when it is rendered; a reload hashes only the list of those hashes.
    private string HashFiles()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, file) in cache.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData([0]);
            hash.AppendData(file.Hash);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static GuideTree BuildTree(string language, IEnumerable<LoadedFile> files)
    {
        var parts = files
            .GroupBy(f => f.Rendered.FrontMatter!.Part, StringComparer.Ordinal) // only files with front matter reach here
            .OrderBy(g => g.Min(f => f.Number))
            .Select(g => (Title: g.Key, Files: g.OrderBy(f => f.Number).ToList()))
            .ToList();
        var ordered = parts.SelectMany(p => p.Files).ToList();

        Chapter ToChapter(LoadedFile file)
        {
            var index = ordered.IndexOf(file);
            var rendered = file.Rendered;
            return new Chapter(
                file.Slug,
                language,
                file.Path,
                rendered.FrontMatter!, // only files with front matter reach here
                rendered.Html,
                rendered.Toc,
                rendered.PlainText,
                index > 0 ? ordered[index - 1].Slug : null,
                index < ordered.Count - 1 ? ordered[index + 1].Slug : null)
            {
                Sections = rendered.Sections,
            };
        }

        return new GuideTree(language, [.. parts.Select(p => new GuidePart(p.Title, [.. p.Files.Select(ToChapter)]))]);
    }

    private sealed record CachedFile(string Text, RenderedChapter Rendered, byte[] Hash);

    private sealed record Snapshot(
        long Version,
        FrozenDictionary<string, FrozenDictionary<string, Chapter>> Chapters,
        FrozenDictionary<string, GuideTree> Trees,
        IReadOnlyList<ContentError> Errors,
        ContentSearchIndex Search,
        string Fingerprint)
    {
        public static Snapshot Empty { get; } = new(
            0,
            FrozenDictionary<string, FrozenDictionary<string, Chapter>>.Empty,
            FrozenDictionary<string, GuideTree>.Empty,
            [],
            ContentSearchIndex.Empty,
            "");
    }
}
