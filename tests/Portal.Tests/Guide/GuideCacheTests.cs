using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Data;
using Portal.Features.Guide;
using Portal.Tests.Account;
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

    private static string CopyOfContent()
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
