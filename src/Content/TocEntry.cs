namespace Portal.Content;

/// <summary>One heading in a chapter's table of contents.</summary>
/// <param name="Level">Heading level: 2 or 3.</param>
/// <param name="Id">The heading's element id, usable as a URL fragment.</param>
/// <param name="Text">The heading as plain text.</param>
public sealed record TocEntry(int Level, string Id, string Text);
