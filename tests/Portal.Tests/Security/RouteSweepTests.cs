using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Security;

/// <summary>
/// Every route the app maps, found in its own endpoint data sources (a new page is covered without editing this test),
/// requested by everyone in <see cref="Asker"/>: no 500, workspace data for members only, and no payload stored in a
/// text field comes back as a live element or handler.
/// </summary>
public sealed partial class RouteSweepTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    /// <summary>Routes on which the owner must see the marker; if none showed it, the check for strangers proved nothing.</summary>
    private static readonly string[] RoutesShowingWorkspaceData =
    [
        "/w/{Slug}", "/w/{Slug}/canvas", "/w/{Slug}/kpis", "/w/{Slug}/kpis/{KpiId:guid}", "/w/{Slug}/risks", "/w/{Slug}/plan",
        "/w/{slug}/plan.md", "/w/{slug}/risks/export.csv", "/w/{slug}/canvas/export.{format:regex(^(json|md)$)}",
    ];

    [Fact]
    public async Task Every_route_answers_everyone_without_a_500_and_shows_workspace_data_only_to_members()
    {
        var requests = DiscoverRequests();
        Assert.Contains(requests, r => r.Pattern == "/w/{Slug}/canvas");
        var failures = new List<string>();
        var ownerSaw = new HashSet<string>();
        var fieldsShown = new HashSet<string>();

        foreach (var asker in Enum.GetValues<Asker>())
        {
            foreach (var (method, url, pattern) in requests)
            {
                using var response = await world.Client(asker).SendAsync(new HttpRequestMessage(method, url));
                var body = await response.Content.ReadAsStringAsync();
                var said = $"{asker} {method} {url} ({pattern}) answered {(int)response.StatusCode}";
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add(said);
                }

                var showsData = body.Contains(world.Marker, StringComparison.Ordinal);
                if (asker is Asker.Owner)
                {
                    var decoded = WebUtility.HtmlDecode(body);
                    fieldsShown.UnionWith(world.SeededTexts.Where(field => decoded.Contains(field.Value, StringComparison.Ordinal)).Select(field => field.Key));
                }

                if (showsData && asker is Asker.Owner)
                {
                    ownerSaw.Add(pattern);
                }
                else if (showsData && asker is not Asker.Viewer)
                {
                    failures.Add($"{said} with the workspace's data");
                }

                if (response.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    failures.AddRange(LiveScript(body).Select(element => $"{said} with a live payload: {element}"));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Empty(RoutesShowingWorkspaceData.Except(ownerSaw));
        // Each field's payloads went through at least one page as the owner sees it; otherwise the check above proved nothing for it.
        Assert.Empty(world.SeededTexts.Keys.Except(fieldsShown));
    }

    [Fact]
    public void The_live_payload_check_finds_each_payload_as_markup_and_nothing_in_it_as_text()
    {
        foreach (var payload in SecurityWorld.XssPayloads.Where(p => p.StartsWith('<')))
        {
            Assert.NotEmpty(LiveScript($"<p>{payload}</p>"));
            Assert.Empty(LiveScript($"<p>{System.Net.WebUtility.HtmlEncode(payload)}</p>"));
        }
    }

    /// <summary>Elements that a stored payload turned into markup: its marker attribute, a handler, a script or a javascript: address.</summary>
    internal static IEnumerable<string> LiveScript(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            var live = element.HasAttribute("data-xss")
                || element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) && a.Value.Contains("xss", StringComparison.Ordinal))
                || element.Attributes.Any(a => a.Name is "href" or "src" or "action" or "formaction" && a.Value.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
                || (element.LocalName is "script" or "iframe" && (element.TextContent.Contains("xss", StringComparison.Ordinal) || element.HasAttribute("srcdoc")));
            if (live)
            {
                yield return element.OuterHtml.Length > 200 ? element.OuterHtml[..200] : element.OuterHtml;
            }
        }
    }

    private List<(HttpMethod Method, string Url, string Pattern)> DiscoverRequests()
    {
        world.CreateClient();
        var endpoints = world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith("/_", StringComparison.Ordinal));
        var requests = new List<(HttpMethod, string, string)>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var url in Urls(endpoint.RoutePattern, pattern))
            {
                foreach (var method in methods.Where(m => m is "GET" or "POST"))
                {
                    requests.Add((new HttpMethod(method), url, pattern));
                }
            }
        }

        return requests;
    }

    /// <summary>The route with its parameters filled from the world's data; a parameter restricted to alternatives gives one URL each.</summary>
    private IEnumerable<string> Urls(RoutePattern route, string pattern)
    {
        IEnumerable<string> urls = [""];
        foreach (var segment in route.PathSegments)
        {
            IEnumerable<string> parts = [""];
            foreach (var part in segment.Parts)
            {
                var values = part switch
                {
                    RoutePatternLiteralPart literal => [literal.Content],
                    RoutePatternSeparatorPart separator => [separator.Content],
                    RoutePatternParameterPart parameter => Values(parameter, pattern),
                    _ => [""],
                };
                parts = parts.SelectMany(prefix => values.Select(value => prefix + value)).ToList();
            }

            urls = urls.SelectMany(prefix => parts.Select(part => $"{prefix}/{part}")).ToList();
        }

        return urls.Select(url => url.Length == 0 ? "/" : url);
    }

    private string[] Values(RoutePatternParameterPart parameter, string pattern)
    {
        var name = parameter.Name.ToLowerInvariant();
        var isGuid = parameter.ParameterPolicies.Any(p => p.Content == "guid");
        var alternatives = parameter.ParameterPolicies.Select(p => Alternatives().Match(p.Content ?? "")).FirstOrDefault(m => m.Success);
        return name switch
        {
            _ when alternatives is not null => alternatives.Groups[1].Value.Split('|'),
            "slug" when pattern.StartsWith("/guide/", StringComparison.Ordinal) => ["business-model"],
            "slug" => [world.Slug],
            "kpiid" => [world.KpiId.ToString()],
            "exerciseid" => [world.ExerciseId.ToString()],
            "cohortid" => [world.CohortId.ToString()],
            "id" when isGuid => [world.CohortId.ToString()],
            "token" => ["made-up-token"],
            "path" => ["missing.txt"],
            _ when isGuid => [Guid.NewGuid().ToString()],
            _ => ["x"],
        };
    }

    [GeneratedRegex(@"^regex\(\^\(([^()]+)\)\$\)$")]
    private static partial Regex Alternatives();
}
