using System.Globalization;
using System.Net;
using System.Reflection;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Account;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

public sealed class AccountLocalizationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Account_pages_speak_Chinese_until_the_reader_switches_to_English()
    {
        var client = factory.CreateBrowserClient();

        var forgot = await GetPageAsync(client, "/Account/ForgotPassword");
        Assert.Equal("忘记密码了？", Text(forgot, "h1"));
        Assert.Equal("请输入你的邮箱。", Text(forgot, "h2"));
        Assert.Equal("电子邮箱", Text(forgot, "label[for='Input.Email']"));
        Assert.Equal("重置密码", Text(forgot, "button.btn-lg"));
        Assert.StartsWith("忘记密码了？ · ", forgot.Title, StringComparison.Ordinal);

        var resend = await GetPageAsync(client, "/Account/ResendEmailConfirmation");
        Assert.Equal("重新发送确认邮件", Text(resend, "h1"));
        Assert.Equal("重新发送", Text(resend, "button.btn-lg"));

        var loggedIn = await AccountTests.LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        var twoFactor = await GetPageAsync(client, "/Account/Manage/TwoFactorAuthentication");
        Assert.Equal("双重验证", Text(twoFactor, "h3"));
        Assert.Equal("验证器应用", Text(twoFactor, "h4"));
        Assert.Equal("添加验证器应用", Text(twoFactor, "a[href='Account/Manage/EnableAuthenticator']"));

        Assert.Equal(HttpStatusCode.Redirect, (await SwitchToEnglishAsync(client)).StatusCode);

        twoFactor = await GetPageAsync(client, "/Account/Manage/TwoFactorAuthentication");
        Assert.Equal("Two-factor authentication (2FA)", Text(twoFactor, "h3"));
        Assert.Equal("Authenticator app", Text(twoFactor, "h4"));
        Assert.Equal("Add authenticator app", Text(twoFactor, "a[href='Account/Manage/EnableAuthenticator']"));

        forgot = await GetPageAsync(client, "/Account/ForgotPassword");
        Assert.Equal("Forgot your password?", Text(forgot, "h1"));
        Assert.Equal("Enter your email.", Text(forgot, "h2"));
        Assert.Equal("Email", Text(forgot, "label[for='Input.Email']"));
        Assert.Equal("Reset password", Text(forgot, "button.btn-lg"));

        resend = await GetPageAsync(client, "/Account/ResendEmailConfirmation");
        Assert.Equal("Resend email confirmation", Text(resend, "h1"));
        Assert.Equal("Resend", Text(resend, "button.btn-lg"));
    }

    [Fact]
    public async Task Registering_with_a_taken_email_is_refused_in_the_readers_language_without_saying_it_is_taken()
    {
        var client = factory.CreateBrowserClient();

        var chinese = await RegisterAsync(client, DemoSeeder.FounderAEmail);
        var chineseAlert = Text(chinese, ".alert-danger");
        Assert.StartsWith("错误：", chineseAlert, StringComparison.Ordinal);
        Assert.Contains("未能用这些信息创建账号。", chineseAlert, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSeeder.FounderAEmail, chineseAlert, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.Redirect, (await SwitchToEnglishAsync(client)).StatusCode);

        var english = await RegisterAsync(client, DemoSeeder.FounderAEmail);
        var englishAlert = Text(english, ".alert-danger");
        Assert.StartsWith("Error: ", englishAlert, StringComparison.Ordinal);
        Assert.Contains("No account was created with these details.", englishAlert, StringComparison.Ordinal);
        Assert.DoesNotContain("taken", englishAlert, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_error_describer_translates_every_identity_error_and_keeps_the_codes()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var describer = scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>();
        Assert.IsType<LocalizedIdentityErrorDescriber>(describer);
        var original = new IdentityErrorDescriber();

        var messages = typeof(IdentityErrorDescriber)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.IsVirtual && method.ReturnType == typeof(IdentityError))
            .ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, method => Assert.Equal(
            typeof(LocalizedIdentityErrorDescriber),
            typeof(LocalizedIdentityErrorDescriber).GetMethod(method.Name, [.. method.GetParameters().Select(p => p.ParameterType)])?.DeclaringType));

        var culture = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var method in messages)
            {
                object[] arguments = [.. method.GetParameters().Select(p => p.ParameterType == typeof(int) ? 7 : (object)"x@example.com")];
                var expected = (IdentityError)method.Invoke(original, arguments)!;

                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
                var chinese = (IdentityError)method.Invoke(describer, arguments)!;
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
                var english = (IdentityError)method.Invoke(describer, arguments)!;

                Assert.Equal(expected.Code, chinese.Code);
                Assert.Equal(expected.Code, english.Code);
                Assert.True(chinese.Description.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{method.Name}: {chinese.Description}");
                Assert.False(english.Description.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{method.Name}: {english.Description}");
                Assert.DoesNotContain("IdentityError.", english.Description, StringComparison.Ordinal);
                if (arguments.Length > 0)
                {
                    Assert.Contains(arguments[0].ToString()!, chinese.Description, StringComparison.Ordinal);
                    Assert.Contains(arguments[0].ToString()!, english.Description, StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FormPoster.ParseAsync(response);
    }

    private static async Task<IHtmlDocument> RegisterAsync(HttpClient client, string email)
    {
        var response = await FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Twin",
            ["Input.Email"] = email,
            ["Input.Password"] = "Str0ngPassword",
            ["Input.ConfirmPassword"] = "Str0ngPassword",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FormPoster.ParseAsync(response);
    }

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? $"(nothing matches {selector})";

    private static Task<HttpResponseMessage> SwitchToEnglishAsync(HttpClient client) =>
        FormPoster.SubmitToAsync(client, "/", Portal.Features.Preferences.PreferencesEndpoints.CulturePath, new Dictionary<string, string> { ["culture"] = "en" });
}
