using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

public sealed class AccountTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Password = "Str0ngPassword";

    [Fact]
    public async Task Register_then_log_in_reaches_the_account_page()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var registering = factory.CreateBrowserClient();
        var registered = await RegisterAsync(registering, email, "Grace");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var client = factory.CreateBrowserClient();
        var loggedIn = await LogInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        Assert.Contains(loggedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));

        var account = await client.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var page = await FormPoster.ParseAsync(account);
        Assert.Equal(email, page.QuerySelector("#username")?.GetAttribute("value"));
        Assert.Equal("Grace", page.QuerySelector("input[name='Input.DisplayName']")?.GetAttribute("value"));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.True(await users.IsInRoleAsync(user, PortalRoles.Founder));
    }

    [Fact]
    public async Task Registration_with_a_weak_password_is_refused_with_a_message()
    {
        var client = factory.CreateBrowserClient();
        var email = $"weak-{Guid.NewGuid():N}@example.com";
        var response = await FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Weak",
            ["Input.Email"] = email,
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormPoster.ParseAsync(response);
        Assert.Contains("10", page.QuerySelector(".validation-message, .validation-errors")?.TextContent ?? "", StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Theory]
    [InlineData("Password123")]
    [InlineData("Qwerty12345")]
    [InlineData("Iloveyou2024")]
    public async Task Registration_with_a_common_password_is_refused_with_a_message(string common)
    {
        var client = factory.CreateBrowserClient();
        var email = $"common-{Guid.NewGuid():N}@example.com";
        var response = await FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Common",
            ["Input.Email"] = email,
            ["Input.Password"] = common,
            ["Input.ConfirmPassword"] = common,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormPoster.ParseAsync(response);
        Assert.Contains("密码太常见", page.Body?.TextContent, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Changing_to_a_common_password_is_refused()
    {
        var email = $"change-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(factory.CreateBrowserClient(), email, "Change");
        var client = factory.CreateBrowserClient();
        await LogInAsync(client, email, Password);

        var response = await FormPoster.SubmitAsync(client, "/Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Password,
            ["Input.NewPassword"] = "Password123",
            ["Input.ConfirmPassword"] = "Password123",
        });

        Assert.Contains("密码太常见", (await FormPoster.ParseAsync(response)).Body?.TextContent, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, Password));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(factory.CreateBrowserClient(), email, "Lock");
        var client = factory.CreateBrowserClient();

        for (var attempt = 1; attempt < 5; attempt++)
        {
            var wrong = await LogInAsync(client, email, "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var fifth = await LogInAsync(client, email, "Wrong-password-1");
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.EndsWith("/Account/Lockout", fifth.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // Locked now: even the right password is refused.
        var right = await LogInAsync(client, email, Password);
        Assert.EndsWith("/Account/Lockout", right.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var account = await client.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Contains("/Account/Login", account.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_request_to_a_member_page_is_sent_to_the_login_page()
    {
        var response = await factory.CreateBrowserClient().GetAsync("/workspaces");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.Contains("/Account/Login", location, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=%2Fworkspaces", location, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    // The site's own address followed by a scheme-relative path: stripping the address left "//evil.example".
    [InlineData("{base}//evil.example")]
    [InlineData("{base}\\/evil.example")]
    [InlineData("{base}/\\evil.example")]
    public async Task A_foreign_return_url_is_refused_and_the_user_lands_home(string returnUrl)
    {
        var client = factory.CreateBrowserClient();
        var response = await LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password, returnUrl.Replace("{base}", factory.Server.BaseAddress.ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("evil.example", location, StringComparison.Ordinal);
        Assert.True(location is "/" or "" || new Uri(factory.Server.BaseAddress, location).Host == factory.Server.BaseAddress.Host, location);
    }

    [Fact]
    public async Task A_local_return_url_is_followed_after_login()
    {
        var client = factory.CreateBrowserClient();
        var response = await LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password, "/workspaces");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/workspaces", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_founder_sees_the_workspaces_they_belong_to()
    {
        var client = factory.CreateBrowserClient();
        await LogInAsync(client, DemoSeeder.FounderBEmail, DemoSeeder.Password);

        var page = await FormPoster.ParseAsync(await client.GetAsync("/workspaces"));
        var cards = page.QuerySelectorAll("[data-testid=workspace-card]");
        Assert.Single(cards);
        Assert.Contains("Loomsight", cards[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_of_the_session_cookie_opens_nothing_after_signing_out()
    {
        var client = factory.CreateBrowserClient();
        var signedIn = await LogInAsync(client, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        // A copy of the session cookie, as someone who saved it would send it.
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)).Split(';')[0];
        var saved = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        saved.DefaultRequestHeaders.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.OK, (await saved.GetAsync("/w/loomsight")).StatusCode);

        var page = await FormPoster.ParseAsync(await client.GetAsync("/workspaces"));
        var logout = page.QuerySelectorAll("form").Single(f => f.GetAttribute("action") == "Account/Logout");
        var fields = logout.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(fields))).StatusCode);

        var afterwards = await saved.GetAsync("/w/loomsight");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/Account/Login", afterwards.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personal_data_downloads_only_through_the_page_s_own_form()
    {
        var client = factory.CreateBrowserClient();
        await LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password);

        var forged = await client.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var download = await FormPoster.SubmitToAsync(client, "/Account/Manage/PersonalData", "Account/Manage/DownloadPersonalData");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains(DemoSeeder.FounderAEmail, await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string displayName) =>
        FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });

    internal static Task<HttpResponseMessage> LogInAsync(HttpClient client, string email, string password, string? returnUrl = null) =>
        FormPoster.SubmitAsync(
            client,
            returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}
