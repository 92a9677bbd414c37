using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Portal.Tests.Infrastructure;

/// <summary>Submits a page's server-rendered form the way a browser does: hidden fields and antiforgery token included.</summary>
public static class FormPoster
{
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, string pageUrl, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var form = await FindFormAsync(client, pageUrl, f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!;
        return await client.PostAsync(action, Values(form, fields));
    }

    /// <summary>Submits the form on <paramref name="pageUrl"/> that posts to <paramref name="action"/>, such as the layout's switches.</summary>
    public static async Task<HttpResponseMessage> SubmitToAsync(
        HttpClient client, string pageUrl, string action, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = await FindFormAsync(client, pageUrl, f => f.GetAttribute("action") == action);
        return await client.PostAsync("/" + action, Values(form, fields ?? new Dictionary<string, string>()));
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    private static async Task<IHtmlFormElement> FindFormAsync(HttpClient client, string pageUrl, Func<IHtmlFormElement, bool> match)
    {
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await ParseAsync(page)).QuerySelectorAll<IHtmlFormElement>("form").Single(match);
    }

    private static FormUrlEncodedContent Values(IHtmlFormElement form, IReadOnlyDictionary<string, string> fields)
    {
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]")
            .Where(input => !string.IsNullOrEmpty(input.Name))
            .ToDictionary(input => input.Name!, input => input.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return new FormUrlEncodedContent(values);
    }
}
