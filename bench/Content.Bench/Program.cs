using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Portal.Content;
using Portal.Content.Rendering;

BenchmarkSwitcher.FromAssembly(typeof(Portal.Content.Bench.GuideBenchmarks).Assembly).Run(args);

namespace Portal.Content.Bench
{
/// <summary>Rendering every chapter from Markdown, and one search per language, on the real guide.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GuideBenchmarks : IDisposable
{
    private readonly ChapterRenderer renderer = new();
    private (string File, string Markdown)[] chapters = [];
    private ContentLibrary? library;

    [GlobalSetup]
    public void Load()
    {
        var root = ContentRoot();
        chapters = [.. Directory.GetFiles(Path.Combine(root, "guide"), "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)))];
        library = new ContentLibrary(root, new ContentOptions { WatchForChanges = false });
    }

    [GlobalCleanup]
    public void Dispose()
    {
        library?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "render all chapters (both languages)")]
    public int RenderAll()
    {
        var length = 0;
        foreach (var (file, markdown) in chapters)
        {
            length += renderer.Render(markdown, file).Html.Length;
        }

        return length;
    }

    [Benchmark(Description = "search zh-CN 商业模式")]
    public int SearchChinese() => library!.SearchIndex.Search("商业模式", GuideLanguages.Chinese).Count;

    [Benchmark(Description = "search en business model")]
    public int SearchEnglish() => library!.SearchIndex.Search("business model", GuideLanguages.English).Count;

    private static string ContentRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return Path.Combine(directory.FullName, "content");
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the benchmark.");
    }
}
}
