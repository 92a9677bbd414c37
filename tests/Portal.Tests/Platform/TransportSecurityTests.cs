using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Preferences;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class TransportSecurityTests(TransportSecurityTests.ProductionPortal factory) : IClassFixture<TransportSecurityTests.ProductionPortal>
{
    private const string TrustedProxy = "198.51.100.7";

    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        var response = await Client("http://portal.example/").GetAsync("/guide?chapter=1");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://portal.example/guide?chapter=1", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task A_load_balancer_gets_a_node_s_health_over_plain_http(string path)
    {
        var response = await Client("http://portal.example/").GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Over_https_the_browser_is_told_to_stay_and_every_cookie_is_secure()
    {
        var client = Client("https://portal.example/");

        var login = await client.GetAsync("/Account/Login");
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));
        var signedIn = await AccountTests.LogInAsync(client, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        var switched = await FormPoster.SubmitToAsync(client, "/", PreferencesEndpoints.ThemePath);

        string[] cookies = [.. new[] { login, signedIn, switched }.SelectMany(r => r.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])];
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(PreferenceCookies.ThemeCookie + "=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(TrustedProxy, HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.TemporaryRedirect)]
    public async Task Https_reported_by_a_listed_proxy_counts_and_by_anyone_else_does_not(string peer, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add(PeerAddressFilter.Header, peer);

        var response = await Client("http://portal.example/").SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("https://portal.example.evil.example/")]
    public async Task A_host_name_not_listed_is_refused(string address)
    {
        var response = await Client(address).GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void Outside_development_the_portal_will_not_start_answering_any_host_name()
    {
        using var anyHost = new ProductionPortal { AllowedHosts = "*" };

        var error = Record.Exception(() => anyHost.CreateClient());

        Assert.Contains("AllowedHosts", error?.ToString(), StringComparison.Ordinal);
    }

    private HttpClient Client(string address) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(address), AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The portal with Production settings, answering portal.example, behind a proxy at <see cref="TrustedProxy"/>.</summary>
    public sealed class ProductionPortal : PortalAppFactory
    {
        public string AllowedHosts { get; init; } = "portal.example";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("AllowedHosts", AllowedHosts);
            builder.UseSetting("Portal:ForwardedHeaders:KnownProxies:0", TrustedProxy);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerAddressFilter>());
        }
    }

    /// <summary>The test server has no network peer; this one takes the address a request names as its sender.</summary>
    private sealed class PeerAddressFilter : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(Header, out var peer))
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
