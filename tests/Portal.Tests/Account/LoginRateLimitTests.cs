using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

public sealed class LoginRateLimitFactory : PortalAppFactory
{
    public const int Permits = 3;

    protected override int LoginPermitsPerMinute => Permits;
}

public sealed class LoginRateLimitTests(LoginRateLimitFactory factory) : IClassFixture<LoginRateLimitFactory>
{
    [Fact]
    public async Task Posts_to_the_account_forms_beyond_the_limit_are_refused_with_429()
    {
        var client = factory.CreateBrowserClient();
        // Sign-in, registration and password reset share one budget: each could be repeated to learn which addresses have accounts.
        Func<Task<HttpResponseMessage>>[] attempts =
        [
            () => AccountTests.LogInAsync(client, "nobody@example.com", "Wrong-password-1"),
            () => FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com" }),
            () => FormPoster.SubmitAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com" }),
        ];
        Assert.Equal(LoginRateLimitFactory.Permits, attempts.Length);
        foreach (var attempt in attempts)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await attempt()).StatusCode);
        }

        var refused = await AccountTests.LogInAsync(client, "nobody@example.com", "Wrong-password-1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("尝试过于频繁", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Reading the pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Register")).StatusCode);
    }
}
