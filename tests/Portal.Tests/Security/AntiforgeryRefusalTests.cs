using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Data;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Platform;

namespace Portal.Tests.Security;

/// <summary>
/// Issue 12, finding 7, as it was seen: in Production (no developer exception page to turn an error into a page) the
/// progress post without a token, and the passkey request without any antiforgery cookie, answer 400 with a sentence.
/// </summary>
public sealed class AntiforgeryRefusalTests(TransportSecurityTests.ProductionPortal factory) : IClassFixture<TransportSecurityTests.ProductionPortal>
{
    private const string FormRefusedChinese = "这个表单已过期";

    [Fact]
    public async Task In_production_the_reading_progress_post_without_a_token_is_refused_with_400()
    {
        var client = Client(handleCookies: true);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password)).StatusCode);

        var response = await client.PostAsync("/api/guide/progress", new FormUrlEncodedContent(new Dictionary<string, string> { ["slug"] = "business-model", ["position"] = "0.5" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(FormRefusedChinese, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task In_production_a_passkey_request_without_any_antiforgery_cookie_is_refused_with_400(bool withAPageToken)
    {
        // A browser that never opened a page of the portal: no cookie of any kind.
        var client = Client(handleCookies: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/PasskeyRequestOptions?username=" + Uri.EscapeDataString(DemoSeeder.FounderAEmail));
        if (withAPageToken)
        {
            // The sign-in page's token, taken by someone else's browser; its cookie stays there.
            var page = await FormPoster.ParseAsync(await Client(handleCookies: true).GetAsync("/Account/Login"));
            var passkey = page.QuerySelector("passkey-submit[request-token-name]");
            Assert.NotNull(passkey);
            request.Headers.Add(passkey.GetAttribute("request-token-name")!, passkey.GetAttribute("request-token-value"));
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(FormRefusedChinese, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Identity", StringComparison.Ordinal)));
    }

    private HttpClient Client(bool handleCookies) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.example/"), AllowAutoRedirect = false, HandleCookies = handleCookies });
}

/// <summary>The same passkey request without any cookie, in Development, where the finding was first seen.</summary>
public sealed class AntiforgeryRefusalInDevelopmentTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_passkey_request_without_any_antiforgery_cookie_is_refused_with_400()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var response = await client.PostAsync("/Account/PasskeyRequestOptions", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("这个表单已过期", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
