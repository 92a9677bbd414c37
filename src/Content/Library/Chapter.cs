using Portal.Content.Rendering.PlainText;

namespace Portal.Content;

/// <summary>A chapter as the portal shows it.</summary>
/// <param name="Slug">The file name without <c>NN-</c> and <c>.md</c>; the same in every language.</param>
/// <param name="Language">The chapter's language (<see cref="GuideLanguages"/>).</param>
/// <param name="File">Path relative to the content root, e.g. <c>guide/en/04-business-model.md</c>.</param>
/// <param name="FrontMatter">Title, part, order, summary, reading time and related tool.</param>
/// <param name="Html">Sanitized body HTML, ready to be written into the page as markup.</param>
/// <param name="Toc">The h2/h3 headings, for the table of contents.</param>
/// <param name="PlainText">Text without markup, for search and previews.</param>
/// <param name="PreviousSlug">The chapter before this one in reading order, if any.</param>
/// <param name="NextSlug">The chapter after this one in reading order, if any.</param>
public sealed record Chapter(
    string Slug,
    string Language,
    string File,
    ChapterFrontMatter FrontMatter,
    string Html,
    IReadOnlyList<TocEntry> Toc,
    string PlainText,
    string? PreviousSlug,
    string? NextSlug)
{
    /// <summary>Shortcut for <see cref="ChapterFrontMatter.Title"/>.</summary>
    public string Title => FrontMatter.Title;

    internal IReadOnlyList<ChapterSection> Sections { get; init; } = [];
}
