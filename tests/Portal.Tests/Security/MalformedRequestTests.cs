using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Layout;
using Portal.Data;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

/// <summary>Issue 12, finding 7: malformed input answers 400 in the reader's language, and a page's failure stays in the page.</summary>
public sealed class MalformedRequestTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string FormRefusedEnglish = "This form has expired or did not come from this site.";

    [Theory]
    [InlineData("/guide/business-model?resume=abc")]
    [InlineData("/guide/business-model?resume=")]
    public async Task A_chapter_with_a_malformed_resume_flag_is_shown_without_resuming(string url)
    {
        var response = await factory.CreateBrowserClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", (await FormPoster.ParseAsync(response)).QuerySelector("[data-resume-at]")?.GetAttribute("data-resume-at"));
    }

    [Theory]
    [InlineData("/Account/PasskeyRequestOptions")]
    [InlineData("/Account/Logout")]
    [InlineData("/api/guide/progress")]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_400_and_a_sentence_in_the_readers_language(string path)
    {
        var client = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "", ["slug"] = "business-model", ["position"] = "0.5" });

        var chinese = await client.PostAsync(path, form);
        var english = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        english.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var englishResponse = await client.SendAsync(english);

        Assert.Equal(HttpStatusCode.BadRequest, chinese.StatusCode);
        Assert.Contains("这个表单已过期", await chinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, englishResponse.StatusCode);
        Assert.Contains(FormRefusedEnglish, await englishResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Account/PerformExternalLogin")]
    [InlineData("/Account/Manage/LinkExternalLogin")]
    public async Task An_external_sign_in_with_a_made_up_provider_is_refused_with_400(string path)
    {
        var client = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        var token = (await FormPoster.ParseAsync(await client.GetAsync("/Account/Manage"))).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.NotNull(token);

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["provider"] = "MadeUp",
            ["returnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("本站没有这个登录服务", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("%%%")]
    public async Task Signing_out_with_a_malformed_or_foreign_return_url_stays_on_this_site(string returnUrl)
    {
        var client = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(client, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var page = await FormPoster.ParseAsync(await client.GetAsync("/workspaces"));
        var logout = page.QuerySelectorAll("form").Single(f => f.GetAttribute("action") == "Account/Logout");
        var fields = logout.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["returnUrl"] = returnUrl;

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.OriginalString;
        Assert.True(Portal.Infrastructure.LocalUrl.IsLocal(location), location);
        Assert.Equal("localhost", new Uri(new Uri("http://localhost"), location).Host);
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    [InlineData("/Account/LoginWith2fa?rememberMe=abc")]
    public async Task The_second_sign_in_steps_send_someone_who_skipped_the_first_to_the_sign_in_page(string url)
    {
        var response = await factory.CreateBrowserClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_that_throws_shows_an_error_for_that_action_and_the_page_comes_back_on_try_again()
    {
        using var context = PortalComponentTestContext.Create(out _);
        var cut = context.Render<PageErrorBoundary>(parameters => parameters.AddChildContent<ThrowingButton>());

        cut.Find("[data-testid=throw]").Click();

        Assert.Contains("page-error", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=throw]"));
        cut.Find("[data-testid=page-error-retry]").Click();
        Assert.Single(cut.FindAll("[data-testid=throw]"));
    }

    private sealed class ThrowingButton : ComponentBase
    {
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "data-testid", "throw");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => throw new InvalidOperationException("Something nobody expected.")));
            builder.CloseElement();
        }
    }
}
