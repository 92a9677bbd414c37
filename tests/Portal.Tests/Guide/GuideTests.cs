using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Data;
using Portal.Features.Guide;
using Portal.Features.Preferences;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Guide;

public sealed class GuideTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task A_chapter_page_holds_its_rendered_h2_headings_and_the_table_of_contents(string language)
    {
        var client = factory.CreateBrowserClient();
        await FormPoster.SubmitToAsync(client, "/", PreferencesEndpoints.CulturePath, new Dictionary<string, string> { ["culture"] = language });
        var chapter = factory.Services.GetRequiredService<ContentLibrary>().GetChapter(language, "business-model")!;

        var response = await client.GetAsync("/guide/business-model");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormPoster.ParseAsync(response);
        Assert.Equal(chapter.Title, page.QuerySelector("[data-testid=chapter-title]")?.TextContent.Trim());
        var headings = page.QuerySelectorAll("[data-testid=chapter-body] h2").Select(h => (h.Id ?? "", h.TextContent.Trim())).ToList();
        var expected = chapter.Toc.Where(e => e.Level == 2).Select(e => (e.Id, e.Text)).ToList();
        Assert.True(expected.Count >= 3);
        Assert.Equal(expected, headings);
        var tocLinks = page.QuerySelectorAll("[data-testid=chapter-toc] a[data-heading]").Select(a => a.GetAttribute("data-heading")).ToList();
        Assert.Equal(chapter.Toc.Select(e => e.Id), tocLinks);
        Assert.NotNull(page.QuerySelector("[data-testid=chapter-next]"));
        Assert.NotNull(page.QuerySelector("[data-testid=related-tool]"));
    }

    [Fact]
    public async Task The_related_tool_opens_in_the_reader_s_workspace()
    {
        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        var anonymous = factory.CreateBrowserClient();

        var forMember = await FormPoster.ParseAsync(await member.GetAsync("/guide/planning-and-smart-kpis"));
        var forAnonymous = await FormPoster.ParseAsync(await anonymous.GetAsync("/guide/business-model"));

        Assert.Equal($"w/{DemoSeeder.WorkspaceSlug}/kpis", forMember.QuerySelector("[data-testid=related-tool]")?.GetAttribute("href"));
        Assert.Equal("workspaces", forAnonymous.QuerySelector("[data-testid=related-tool]")?.GetAttribute("href"));
        // The technology chapter leads to the decision matrix.
        var technology = await FormPoster.ParseAsync(await member.GetAsync("/guide/technology-choice"));
        Assert.Equal($"w/{DemoSeeder.WorkspaceSlug}/decisions", technology.QuerySelector("[data-testid=related-tool]")?.GetAttribute("href"));
        // Planning teaches KPIs, requirements from user research and the project plan: it opens all three tools.
        Assert.Equal(["kpis", "research", "roadmap"], forMember.QuerySelectorAll("[data-testid=related-tool]").Select(a => a.GetAttribute("href")?.Split('/')[^1]));
        foreach (var (chapter, tool) in new[] { ("team", "team"), ("product-and-ux", "research"), ("tools-and-techniques", "roadmap") })
        {
            var page = await FormPoster.ParseAsync(await member.GetAsync($"/guide/{chapter}"));
            Assert.Equal($"w/{DemoSeeder.WorkspaceSlug}/{tool}", page.QuerySelector("[data-testid=related-tool]")?.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task An_unknown_chapter_is_404()
    {
        var response = await factory.CreateClient().GetAsync("/guide/no-such-chapter");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_guide_lists_every_chapter_by_part_and_needs_no_account()
    {
        var page = await FormPoster.ParseAsync(await factory.CreateClient().GetAsync("/guide"));

        var expected = factory.Services.GetRequiredService<ContentLibrary>().GetTree("zh-CN").Chapters.Count();
        Assert.True(expected >= 12);
        Assert.Equal(expected, page.QuerySelectorAll("[data-testid=guide-chapter]").Length);
    }

    [Theory]
    [InlineData("商业模式", "zh-CN")]
    [InlineData("business model", "en")]
    public async Task Search_returns_the_business_model_chapter_first(string query, string language)
    {
        var response = await factory.CreateClient().GetAsync($"/api/search?q={Uri.EscapeDataString(query)}&lang={language}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.NotNull(hits);
        Assert.Equal("business-model", hits[0].GetProperty("slug").GetString());
        Assert.Contains("<mark>", hits[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.True(hits[0].GetProperty("score").GetDouble() >= hits[^1].GetProperty("score").GetDouble());
        Assert.False(string.IsNullOrEmpty(hits[0].GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("/api/search?q=&lang=en")]
    [InlineData("/api/search?q=model&lang=fr")]
    public async Task Bad_search_requests_get_400_with_a_reason(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("title", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_images_are_served_from_the_content_folder()
    {
        var response = await factory.CreateClient().GetAsync("/content/guide/en/01-ai-model-basics.md");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Progress_keeps_the_furthest_point_and_the_home_page_offers_to_continue()
    {
        var progress = factory.Services.GetRequiredService<ReadingProgressService>();
        await using var scope = factory.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderBEmail))!;

        await progress.SaveAsync(user.Id, "team", 0.6);
        await progress.SaveAsync(user.Id, "team", 0.3);
        await progress.SaveAsync(user.Id, "business-model", 1.0);

        var all = await progress.GetForUserAsync(user.Id);
        Assert.Equal((0.6, 0.3, false), (all["team"].Fraction, all["team"].LastPosition, all["team"].Completed));
        Assert.True(all["business-model"].Completed);
        Assert.Equal("team", (await progress.GetLastUnfinishedAsync(user.Id))!.Slug);

        var client = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(client, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var home = await FormPoster.ParseAsync(await client.GetAsync("/"));
        Assert.Equal("guide/team?resume=true", home.QuerySelector("[data-testid=continue-reading] a")?.GetAttribute("href"));
        var guide = await FormPoster.ParseAsync(await client.GetAsync("/guide"));
        Assert.Equal(2, guide.QuerySelectorAll("[data-testid=chapter-progress]").Length);
    }
}
