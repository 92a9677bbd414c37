using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Onboarding;

/// <summary>A new founder's first pages: where registration lands, the lab and the workspace list before any workspace.</summary>
public sealed class FirstRunTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Password = "Str0ngPassword";

    [Fact]
    public async Task Registration_without_a_return_url_lands_on_the_first_run_page()
    {
        var client = factory.CreateBrowserClient();
        var registered = await RegisterAsync(client, "/Account/Register");

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.EndsWith("/welcome", registered.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var page = await FormPoster.ParseAsync(await client.GetAsync("/welcome"));
        Assert.NotNull(page.QuerySelector("[data-testid=welcome-title]"));
        Assert.NotNull(page.QuerySelector("[data-testid=workspace-name]"));
        Assert.NotNull(page.QuerySelector("[data-testid=workspace-slug]"));
        Assert.Contains("“我的工作区”", page.QuerySelector("[data-testid=welcome-join]")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=sample-create]"));
    }

    [Fact]
    public async Task Registration_with_a_return_url_still_follows_it()
    {
        var client = factory.CreateBrowserClient();
        var registered = await RegisterAsync(client, "/Account/Register?ReturnUrl=%2Fguide");

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.EndsWith("/guide", registered.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lab_without_a_workspace_explains_what_it_needs_instead_of_redirecting()
    {
        var client = factory.CreateBrowserClient();
        await RegisterAsync(client, "/Account/Register");

        var response = await client.GetAsync("/lab");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormPoster.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("[data-testid=lab-needs-workspace]"));
        Assert.Contains("属于某个工作区", page.Body?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=workspace-create]"));
    }

    [Fact]
    public async Task The_lab_with_a_workspace_opens_that_workspace_s_lab()
    {
        var client = factory.CreateBrowserClient();
        await AccountLogInAsync(client, Portal.Data.DemoSeeder.FounderAEmail, Portal.Data.DemoSeeder.Password);

        var response = await client.GetAsync("/lab");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/w/{Portal.Data.DemoSeeder.WorkspaceSlug}/lab", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_empty_workspace_list_says_how_to_get_in_including_invitations()
    {
        var client = factory.CreateBrowserClient();
        await RegisterAsync(client, "/Account/Register");

        var page = await FormPoster.ParseAsync(await client.GetAsync("/workspaces"));

        var empty = page.QuerySelector("[data-testid=no-workspaces]")?.TextContent ?? "";
        Assert.Contains("你还不是任何工作区的成员", empty, StringComparison.Ordinal);
        Assert.Contains("邀请会显示在本页顶部", empty, StringComparison.Ordinal);
        Assert.Contains("邀请链接", empty, StringComparison.Ordinal);
        Assert.Contains("新建工作区", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workspace_without_an_industry_shows_no_dangling_separator()
    {
        var client = factory.CreateBrowserClient();
        var email = $"first-run-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(client, "/Account/Register", email);
        var userId = await TestUsers.IdOfAsync(factory.Services, email);
        var workspaces = factory.Services.GetRequiredService<WorkspaceService>();
        var workspace = await workspaces.CreateAsync(userId, new WorkspaceInput("无行业公司", "一句话", WorkspaceStage.Idea, ""));

        var list = await FormPoster.ParseAsync(await client.GetAsync("/workspaces"));
        Assert.Equal("想法", list.QuerySelector("[data-testid=workspace-facts]")?.TextContent.Trim());
        var plan = await FormPoster.ParseAsync(await client.GetAsync($"/w/{workspace.Slug}/plan"));
        var facts = plan.QuerySelector("[data-testid=plan-facts]")?.TextContent.Trim();
        Assert.Equal("想法", facts);
        var markdown = await client.GetStringAsync($"/w/{workspace.Slug}/plan.md");
        Assert.DoesNotContain("- 行业", markdown, StringComparison.Ordinal);

        await workspaces.UpdateDetailsAsync(userId, workspace.Id, new WorkspaceInput("无行业公司", "一句话", WorkspaceStage.Mvp, "教育"), workspace.Version);
        list = await FormPoster.ParseAsync(await client.GetAsync("/workspaces"));
        Assert.Equal($"{WorkspaceFacts.Line("MVP", "教育")}", list.QuerySelector("[data-testid=workspace-facts]")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_workspace_home_shows_the_checklist_and_exporting_the_plan_ticks_its_last_step()
    {
        var client = factory.CreateBrowserClient();
        var email = $"first-run-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(client, "/Account/Register", email);
        var userId = await TestUsers.IdOfAsync(factory.Services, email);
        var workspace = await factory.Services.GetRequiredService<WorkspaceService>().CreateAsync(userId, new WorkspaceInput("清单公司", "", WorkspaceStage.Idea, ""), "checklist-" + Guid.NewGuid().ToString("N")[..8]);

        var before = await FormPoster.ParseAsync(await client.GetAsync($"/w/{workspace.Slug}"));
        var items = before.QuerySelectorAll("[data-testid=getting-started-item]");
        Assert.Equal(["ReadFirstPart", "FillCanvas", "DefineKpi", "RegisterRisks", "TrainBaseline", "ExportPlan"], items.Select(i => i.GetAttribute("data-step")));
        Assert.All(items, item => Assert.Equal("false", item.GetAttribute("data-done")));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/w/{workspace.Slug}/plan.md")).StatusCode);

        var after = await FormPoster.ParseAsync(await client.GetAsync($"/w/{workspace.Slug}"));
        Assert.Equal("true", after.QuerySelector("[data-testid=getting-started-item][data-step=ExportPlan]")?.GetAttribute("data-done"));
        Assert.Contains("已完成 1 / 6", after.QuerySelector("[data-testid=getting-started-progress]")?.TextContent, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string pageUrl, string? email = null) =>
        FormPoster.SubmitAsync(client, pageUrl, "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "新创始人",
            ["Input.Email"] = email ?? $"first-run-{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });

    private static Task<HttpResponseMessage> AccountLogInAsync(HttpClient client, string email, string password) =>
        Portal.Tests.Account.AccountTests.LogInAsync(client, email, password);
}
