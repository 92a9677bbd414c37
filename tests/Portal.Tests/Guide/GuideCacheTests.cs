using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Data;
using Portal.Features.Guide;
using Portal.Tests.Account;
using Portal.Tests.Events;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Guide;

/// <summary>The portal on its own copy of the guide, so that a test may edit a chapter file.</summary>
public sealed class OwnContentAppFactory : PortalAppFactory
{
    public string ContentDirectory { get; } = CopyOfContent();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:ContentDirectory", ContentDirectory);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(ContentDirectory))
        {
            Directory.Delete(ContentDirectory, recursive: true);
        }
    }

    /// <summary>A copy of the repository's guide in a temporary folder of its own.</summary>
    internal static string CopyOfContent()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Portal.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Portal.sln not found above the test binaries.");
        }

        var copy = Path.Combine(Path.GetTempPath(), "portal-tests-content", Guid.NewGuid().ToString("N"));
        var guide = Path.Combine(repository.FullName, "content", "guide");
        foreach (var file in Directory.EnumerateFiles(guide, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, "guide", Path.GetRelativePath(guide, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!); // a file path always has a folder
            File.Copy(file, target);
        }

        return copy;
    }
}

public sealed class GuideCacheTests(OwnContentAppFactory factory) : IClassFixture<OwnContentAppFactory>
{
    private const string CultureCookie = ".AspNetCore.Culture";

    [Fact]
    public async Task A_second_anonymous_request_for_a_chapter_is_served_from_the_cache()
    {
        var first = await factory.CreateClient().GetAsync("/guide/business-model");
        var second = await factory.CreateClient().GetAsync("/guide/business-model");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(first.Headers.Contains("Set-Cookie"), "An anonymous chapter page must set no cookie, or it cannot be cached.");
        Assert.True(second.Headers.Age.HasValue, "A page from the output cache carries an Age header.");
        // Each render has fresh element ids (MudBlazor's popovers), so equal pages are one stored copy.
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_language_and_theme_gets_its_own_cached_page()
    {
        var chinese = await GetPageAsync("/guide/team");
        var english = await GetPageAsync("/guide/team", $"{CultureCookie}=c%3Den%7Cuic%3Den");
        var dark = await GetPageAsync("/guide/team", "portal.theme=dark");
        var englishAgain = await GetPageAsync("/guide/team", $"{CultureCookie}=c%3Den%7Cuic%3Den");

        Assert.Equal("zh-CN", chinese.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("portal-light", chinese.Document.Body?.ClassName, StringComparison.Ordinal);
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Building and running the team of an early AI startup", english.Document.QuerySelector("[data-testid=chapter-title]")?.TextContent.Trim());
        Assert.Contains("portal-dark", dark.Document.Body?.ClassName, StringComparison.Ordinal);
        Assert.Equal("zh-CN", dark.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(english.Html, englishAgain.Html);
    }

    [Fact]
    public async Task A_full_load_and_an_enhanced_navigation_are_cached_apart()
    {
        // Blazor answers its enhanced navigations with framing markers that a full load must not get.
        var full = await factory.CreateClient().GetAsync("/guide/product-and-ux");
        using var enhancedRequest = new HttpRequestMessage(HttpMethod.Get, "/guide/product-and-ux");
        enhancedRequest.Headers.TryAddWithoutValidation("Accept", "text/html; blazor-enhanced-nav=on");
        var enhanced = await factory.CreateClient().SendAsync(enhancedRequest);
        var fullAgain = await factory.CreateClient().GetAsync("/guide/product-and-ux");

        Assert.True(enhanced.Headers.Contains("ssr-framing"));
        Assert.False(fullAgain.Headers.Contains("ssr-framing"));
        Assert.Equal(await full.Content.ReadAsStringAsync(), await fullAgain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Editing_a_chapter_file_evicts_its_cached_page()
    {
        var library = factory.Services.GetRequiredService<ContentLibrary>();
        var file = Path.Combine(factory.ContentDirectory, "guide", "zh-CN", "15-tools-and-techniques.md");
        var before = await GetPageAsync("/guide/tools-and-techniques");
        Assert.Equal(before.Html, (await GetPageAsync("/guide/tools-and-techniques")).Html);

        await File.AppendAllTextAsync(file, "\n\n新增的一段：缓存必须随章节更新。\n");
        // What the file watcher does after its short delay; called here so the test need not wait.
        library.Reload();

        var after = await GetPageAsync("/guide/tools-and-techniques");
        Assert.Contains("新增的一段：缓存必须随章节更新。", after.Document.QuerySelector("[data-testid=chapter-body]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_reader_s_page_is_neither_served_from_nor_stored_in_the_cache()
    {
        var anonymous = await GetPageAsync("/guide/planning-and-smart-kpis");
        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderAEmail, DemoSeeder.Password);

        var forMember = await FormPoster.ParseAsync(await member.GetAsync("/guide/planning-and-smart-kpis"));
        var anonymousAgain = await GetPageAsync("/guide/planning-and-smart-kpis");

        Assert.Equal($"w/{DemoSeeder.WorkspaceSlug}/kpis", forMember.QuerySelector("[data-testid=related-tool]")?.GetAttribute("href"));
        Assert.NotNull(forMember.QuerySelector("form[data-guide-progress] input[name=__RequestVerificationToken]"));
        Assert.Equal(anonymous.Html, anonymousAgain.Html);
        Assert.Equal("workspaces", anonymousAgain.Document.QuerySelector("[data-testid=related-tool]")?.GetAttribute("href"));
        Assert.Null(anonymousAgain.Document.QuerySelector("form[data-guide-progress]"));
    }

    [Fact]
    public async Task Progress_is_saved_with_the_token_the_chapter_page_carries_and_refused_without_it()
    {
        var reader = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(reader, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var page = await FormPoster.ParseAsync(await reader.GetAsync("/guide/legal-and-compliance"));
        var token = page.QuerySelector("form[data-guide-progress] input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token));

        var withoutToken = await reader.PostAsync("/api/guide/progress", Form(("slug", "legal-and-compliance"), ("position", "0.4")));
        var saved = await reader.PostAsync("/api/guide/progress", Form(("slug", "legal-and-compliance"), ("position", "0.4"), ("__RequestVerificationToken", token)));
        var unknownChapter = await reader.PostAsync("/api/guide/progress", Form(("slug", "no-such-chapter"), ("position", "0.4"), ("__RequestVerificationToken", token)));
        var anonymous = await factory.CreateBrowserClient().PostAsync("/api/guide/progress", Form(("slug", "legal-and-compliance"), ("position", "0.4")));

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownChapter.StatusCode);
        Assert.NotEqual(HttpStatusCode.NoContent, anonymous.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderBEmail);
        var progress = await factory.Services.GetRequiredService<ReadingProgressService>().GetForUserAsync(user!.Id); // seeded account
        Assert.Equal(0.4, progress["legal-and-compliance"].LastPosition);
    }

    private async Task<(string Html, AngleSharp.Html.Dom.IHtmlDocument Document)> GetPageAsync(string url, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return (html, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html));
    }

    private static FormUrlEncodedContent Form(params (string Name, string? Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value ?? "")));
}

/// <summary>Two nodes on one Redis, each on its own copy of the guide, as nodes that share no disk.</summary>
public sealed class SharedGuideCacheTests
{
    private const string Url = "/guide/tools-and-techniques";
    private const string ChapterFile = "guide/zh-CN/15-tools-and-techniques.md";

    [Fact]
    public async Task A_page_cached_on_one_node_is_served_by_the_other_until_a_reload_on_either_evicts_it()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var prefix = RedisNode.NewPrefix();
        await using var first = new GuideNode(database, prefix);
        await using var second = new GuideNode(database, prefix);

        var rendered = await GetPageAsync(first);
        var shared = await GetPageAsync(second);

        Assert.Null(rendered.Age);
        // The second node never rendered this page: it answers with the first node's copy from Redis.
        Assert.NotNull(shared.Age);
        Assert.Equal(rendered.Html, shared.Html);

        // The file watcher reloads the chapter; this handler runs after the cache's, so the eviction is done.
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Services.GetRequiredService<ContentLibrary>().Changed += (_, _) => reloaded.TrySetResult();
        await File.AppendAllTextAsync(Path.Combine(first.ContentDirectory, ChapterFile), "\n\n新增的一段：每个节点都不再给出旧页面。\n");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var firstAfter = await GetPageAsync(first);
        var secondAfter = await GetPageAsync(second);

        Assert.Contains("新增的一段：每个节点都不再给出旧页面。", firstAfter.Html, StringComparison.Ordinal);
        // The second node's copy is unchanged, so it renders the old text again, but afresh: the stored page is gone.
        Assert.Null(secondAfter.Age);
        Assert.NotEqual(rendered.Html, secondAfter.Html);
    }

    [Fact]
    public async Task Nodes_at_the_same_version_with_different_chapters_do_not_share_pages()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var prefix = RedisNode.NewPrefix();
        await using var first = new GuideNode(database, prefix);
        await using var second = new GuideNode(database, prefix);
        // Before the second node starts, so that it loads this text first, at version 1 like the first node.
        await File.AppendAllTextAsync(Path.Combine(second.ContentDirectory, ChapterFile), "\n\n只在第二个节点上的一段。\n");

        var fromFirst = await GetPageAsync(first);
        var fromSecond = await GetPageAsync(second);

        Assert.Equal(first.Services.GetRequiredService<ContentLibrary>().Version, second.Services.GetRequiredService<ContentLibrary>().Version);
        Assert.DoesNotContain("只在第二个节点上的一段。", fromFirst.Html, StringComparison.Ordinal);
        Assert.Null(fromSecond.Age);
        Assert.Contains("只在第二个节点上的一段。", fromSecond.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_redis_away_the_guide_is_served_uncached()
    {
        // Nothing listens on port 1: the node starts, unready, and must still show the guide.
        await using var node = new RedisNodeFactory(await TestServers.CreateDatabaseAsync(), RedisNode.NewPrefix(), "127.0.0.1:1,connectTimeout=200");
        var client = node.CreateClient();

        foreach (var attempt in new[] { "first", "second" })
        {
            var response = await client.GetAsync(Url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"The {attempt} request answered {response.StatusCode}.");
            Assert.Null(response.Headers.Age);
            Assert.Contains("<h1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<(string Html, TimeSpan? Age)> GetPageAsync(GuideNode node)
    {
        var response = await node.CreateClient().GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Headers.Age);
    }

    private sealed class GuideNode(string database, string prefix) : RedisNodeFactory(database, prefix, TestServers.Redis)
    {
        public string ContentDirectory { get; } = OwnContentAppFactory.CopyOfContent();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:ContentDirectory", ContentDirectory);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Directory.Exists(ContentDirectory))
            {
                Directory.Delete(ContentDirectory, recursive: true);
            }
        }
    }
}
