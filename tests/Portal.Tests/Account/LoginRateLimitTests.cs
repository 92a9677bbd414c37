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
    public async Task Sign_in_attempts_beyond_the_limit_are_refused_with_429()
    {
        var client = factory.CreateBrowserClient();
        for (var attempt = 0; attempt < LoginRateLimitFactory.Permits; attempt++)
        {
            var allowed = await AccountTests.LogInAsync(client, "nobody@example.com", "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var refused = await AccountTests.LogInAsync(client, "nobody@example.com", "Wrong-password-1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Reading the login page is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }
}
