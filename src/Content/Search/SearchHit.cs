namespace Portal.Content.Search;

/// <summary>One chapter that matches a query.</summary>
/// <param name="Slug">The chapter's slug.</param>
/// <param name="Title">The chapter's title.</param>
/// <param name="HeadingId">Id of the heading whose section matches best; null when the best match is the title, summary or introduction.</param>
/// <param name="HeadingText">Text of that heading.</param>
/// <param name="Snippet">
/// HTML: plain text around the best match, HTML-escaped, with matched words wrapped in <c>&lt;mark&gt;</c>.
/// Safe to write into a page as markup.
/// </param>
/// <param name="Score">Relevance; higher is better. Only comparable within one result list.</param>
public sealed record SearchHit(string Slug, string Title, string? HeadingId, string? HeadingText, string Snippet, double Score);
