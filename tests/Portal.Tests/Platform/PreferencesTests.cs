using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Preferences;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class PreferencesTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Pages_speak_Chinese_until_the_reader_switches_to_English()
    {
        var client = factory.CreateBrowserClient();
        var before = await FormPoster.ParseAsync(await client.GetAsync("/"));
        Assert.Equal("zh-CN", before.DocumentElement.GetAttribute("lang"));
        Assert.Contains("首页", before.QuerySelector(".mud-navmenu")?.TextContent, StringComparison.Ordinal);

        var switched = await FormPoster.SubmitToAsync(client, "/Account/Login", PreferencesEndpoints.CulturePath);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Account/Login", switched.Headers.Location?.OriginalString);

        var after = await FormPoster.ParseAsync(await client.GetAsync("/Account/Login"));
        Assert.Equal("en", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Log in", after.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task The_switches_never_redirect_off_the_site()
    {
        var client = factory.CreateBrowserClient();
        foreach (var target in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            var response = await FormPoster.SubmitToAsync(client, "/", PreferencesEndpoints.ThemePath, new Dictionary<string, string> { ["returnUrl"] = target });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task An_unknown_language_is_refused_with_a_message()
    {
        var response = await FormPoster.SubmitToAsync(factory.CreateBrowserClient(), "/", PreferencesEndpoints.CulturePath, new Dictionary<string, string> { ["culture"] = "fr" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("zh-CN, en", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dark_theme_is_remembered_in_the_profile_and_follows_the_user_to_a_new_browser()
    {
        var first = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(first, DemoSeeder.InstructorEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPoster.SubmitToAsync(first, "/", PreferencesEndpoints.ThemePath)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPoster.SubmitToAsync(first, "/", PreferencesEndpoints.CulturePath)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.InstructorEmail);
            Assert.True(user?.PrefersDarkMode);
            Assert.Equal("en", user?.PreferredCulture);
        }

        var second = factory.CreateBrowserClient();
        var beforeLogin = await FormPoster.ParseAsync(await second.GetAsync("/"));
        Assert.Contains("portal-light", beforeLogin.Body?.ClassName, StringComparison.Ordinal);

        await AccountTests.LogInAsync(second, DemoSeeder.InstructorEmail, DemoSeeder.Password);
        var afterLogin = await FormPoster.ParseAsync(await second.GetAsync("/"));
        Assert.Contains("portal-dark", afterLogin.Body?.ClassName, StringComparison.Ordinal);
        Assert.Equal("en", afterLogin.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task A_link_from_another_site_changes_no_saved_setting()
    {
        var client = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(client, DemoSeeder.FounderBEmail, DemoSeeder.Password);

        var theme = await client.GetAsync("/preferences/theme?dark=true&returnUrl=%2F");
        var culture = await client.GetAsync("/preferences/culture?culture=en&returnUrl=%2F");

        Assert.NotEqual(HttpStatusCode.Redirect, theme.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, culture.StatusCode);
        Assert.False(theme.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(PreferenceCookies.ThemeCookie, StringComparison.Ordinal)));
        var user = await FindAsync(DemoSeeder.FounderBEmail);
        Assert.Null(user?.PrefersDarkMode);
        Assert.Null(user?.PreferredCulture);
    }

    [Fact]
    public async Task A_post_from_another_site_without_the_form_token_is_refused_for_a_signed_in_user()
    {
        var client = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(client, DemoSeeder.FounderBEmail, DemoSeeder.Password);

        var theme = await client.PostAsync("/preferences/theme", new FormUrlEncodedContent(new Dictionary<string, string> { ["dark"] = "true", ["returnUrl"] = "/" }));
        var culture = await client.PostAsync("/preferences/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, theme.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, culture.StatusCode);
        var user = await FindAsync(DemoSeeder.FounderBEmail);
        Assert.Null(user?.PrefersDarkMode);
        Assert.Null(user?.PreferredCulture);
    }

    private async Task<ApplicationUser?> FindAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }
}
