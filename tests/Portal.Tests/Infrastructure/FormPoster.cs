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
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        var form = document.QuerySelectorAll<IHtmlFormElement>("form")
            .Single(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);

        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]")
            .Where(input => !string.IsNullOrEmpty(input.Name))
            .ToDictionary(input => input.Name!, input => input.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
}
