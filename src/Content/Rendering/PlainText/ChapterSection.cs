namespace Portal.Content.Rendering.PlainText;

/// <summary>
/// The plain text under one heading (or before the first heading, with no heading), whitespace collapsed.
/// Search ranks and quotes at this grain so a hit can open the page at its heading.
/// </summary>
internal sealed record ChapterSection(string? HeadingId, string? HeadingText, int Level, string Text);
