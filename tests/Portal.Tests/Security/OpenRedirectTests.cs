using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

/// <summary>
/// Every parameter that takes a return URL, found from the app's pages and endpoints by its name, given addresses
/// elsewhere in the forms browsers and redirect managers have been fooled by: nothing sends the reader off the site.
/// </summary>
public sealed class OpenRedirectTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    public static TheoryData<string> Payloads => new()
    {
        "https://evil.example/x",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/%2F%2Fevil.example",
        "%2F%2Fevil.example",
        " //evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "{base}//evil.example",
        "{base}/\\evil.example",
        "https:evil.example",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task No_return_url_parameter_sends_anyone_off_the_site(string payload)
    {
        var returnUrl = payload.Replace("{base}", world.Server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
        var targets = DiscoverReturnUrlParameters();
        Assert.Contains(targets, t => t.Route == "/Account/Login");
        Assert.Contains(targets, t => t.Route == "/Account/Logout");
        var failures = new List<string>();

        foreach (var (route, parameter, method) in targets)
        {
            foreach (var signedIn in new[] { false, true })
            {
                var client = method == "POST" ? await NewClientAsync(signedIn) : world.Client(signedIn ? Asker.Owner : Asker.Anonymous);
                using var response = method == "POST"
                    ? await PostWithTokenAsync(client, route, parameter, returnUrl)
                    : await client.GetAsync($"{route}?{parameter}={Uri.EscapeDataString(returnUrl)}");
                var who = signedIn ? "signed in" : "anonymous";
                failures.AddRange(OffSite(response, await response.Content.ReadAsStringAsync()).Select(where => $"{who} {method} {route} {parameter}: {where}"));
            }
        }

        // Sign-in and registration follow the return URL once they succeed.
        var signIn = await Account.AccountTests.LogInAsync(world.CreateBrowserClient(), world.OwnerEmail, TestUsers.Password, returnUrl);
        failures.AddRange(OffSite(signIn, "").Select(where => $"sign-in: {where}"));
        var register = await FormPoster.SubmitAsync(world.CreateBrowserClient(), $"/Account/Register?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Redirected",
            ["Input.Email"] = $"redirect-{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = TestUsers.Password,
            ["Input.ConfirmPassword"] = TestUsers.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
        failures.AddRange(OffSite(register, "").Select(where => $"registration: {where}"));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>A redirect, link or form target that leaves this host.</summary>
    private IEnumerable<string> OffSite(HttpResponseMessage response, string body)
    {
        if (response.Headers.Location is { } location && !IsOnSite(location.OriginalString))
        {
            yield return $"redirects to {location.OriginalString}";
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(body);
        foreach (var element in document.QuerySelectorAll("a[href], form[action], meta[http-equiv=refresh]"))
        {
            var target = element.GetAttribute("href") ?? element.GetAttribute("action") ?? element.GetAttribute("content") ?? "";
            if (target.Contains("evil.example", StringComparison.OrdinalIgnoreCase) && !IsOnSite(target))
            {
                yield return $"links off the site: {element.OuterHtml}";
            }
        }
    }

    private bool IsOnSite(string url)
    {
        var trimmed = url.Trim();
        if (trimmed.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Resolved the way a browser resolves it, backslashes as slashes included.
        return Uri.TryCreate(world.Server.BaseAddress, trimmed.Replace('\\', '/'), out var resolved)
            && resolved.Host == world.Server.BaseAddress.Host
            && resolved.Scheme == world.Server.BaseAddress.Scheme;
    }

    /// <summary>Query parameters of pages and parameters of endpoints whose name says they take a return URL.</summary>
    private List<(string Route, string Parameter, string Method)> DiscoverReturnUrlParameters()
    {
        world.CreateClient();
        var found = new List<(string, string, string)>();
        foreach (var endpoint in world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText ?? "";
            if (route.Contains('{', StringComparison.Ordinal))
            {
                continue;
            }

            var page = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            var pageParameters = page?.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null)
                .Select(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()!.Name ?? p.Name) ?? [];
            var handlerParameters = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters().Select(p => p.Name ?? "") ?? [];
            var method = page is null && endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods: [var only, ..] } ? only : "GET";
            foreach (var parameter in pageParameters.Concat(handlerParameters).Where(IsReturnUrl).Distinct())
            {
                found.Add((route, parameter, method));
            }
        }

        return found;
    }

    private static bool IsReturnUrl(string name) =>
        name.Contains("return", StringComparison.OrdinalIgnoreCase) || name.Contains("redirect", StringComparison.OrdinalIgnoreCase);

    /// <summary>A client of its own for posts (signing out ends the account's other sessions), signed in as a new account if asked.</summary>
    private async Task<HttpClient> NewClientAsync(bool signedIn)
    {
        var client = world.CreateBrowserClient();
        if (signedIn)
        {
            var user = await TestUsers.CreateAsync(world.Services, "Poster");
            await Account.AccountTests.LogInAsync(client, await TestUsers.EmailOfAsync(world.Services, user), TestUsers.Password);
        }

        return client;
    }

    /// <summary>Posts the parameter with a valid antiforgery token, as a page of the site would.</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string route, string parameter, string returnUrl)
    {
        var page = await FormPoster.ParseAsync(await client.GetAsync("/Account/Login"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.NotNull(token);
        return await client.PostAsync(route, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            [parameter] = returnUrl,
        }));
    }
}
