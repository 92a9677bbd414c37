using Portal.Content.Rendering.Links;
using Portal.Content.Rendering.PlainText;

namespace Portal.Content.Rendering;

/// <summary>One chapter rendered on its own, before links between chapters are checked.</summary>
/// <param name="FrontMatter">The parsed front matter, or null when it is missing or invalid.</param>
/// <param name="Html">Sanitized HTML of the body.</param>
/// <param name="Toc">The h2/h3 headings in document order.</param>
/// <param name="PlainText">The readable text (headings and body) without markup, math or diagrams.</param>
/// <param name="Errors">Problems found in this file alone.</param>
public sealed record RenderedChapter(
    ChapterFrontMatter? FrontMatter,
    string Html,
    IReadOnlyList<TocEntry> Toc,
    string PlainText,
    IReadOnlyList<ContentError> Errors)
{
    /// <summary>Ids of every heading, for checking <c>#anchor</c> links into this chapter.</summary>
    public IReadOnlySet<string> HeadingIds { get; init; } = new HashSet<string>();

    internal IReadOnlyList<ChapterSection> Sections { get; init; } = [];

    internal IReadOnlyList<ChapterLink> Links { get; init; } = [];

    internal IReadOnlyList<AssetReference> Assets { get; init; } = [];
}
