using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class SecurityHeadersTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    public async Task Pages_carry_the_security_headers(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        response.EnsureSuccessStatusCode();

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData("localhost", System.Net.HttpStatusCode.OK)]
    [InlineData("127.0.0.1", System.Net.HttpStatusCode.OK)]
    [InlineData("evil.example", System.Net.HttpStatusCode.BadRequest)]
    public async Task Only_the_configured_host_names_are_answered(string host, System.Net.HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = host;

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Every_form_carries_an_antiforgery_token()
    {
        var client = factory.CreateClient();
        foreach (var path in new[] { "/Account/Login", "/Account/Register" })
        {
            var page = await FormPoster.ParseAsync(await client.GetAsync(path));
            var forms = page.QuerySelectorAll("form[method=post]");
            Assert.NotEmpty(forms);
            Assert.All(forms, form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        }
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        var client = factory.CreateBrowserClient();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "someone@example.com",
            ["Input.Password"] = "Whatever-123",
        }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
