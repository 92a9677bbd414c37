namespace Portal.Content.Rendering.Links;

/// <summary>A link to another chapter (or to a heading of the same one), checked once every chapter is known.</summary>
/// <param name="FileName">Target file name such as <c>04-business-model.md</c>; null for a same-page <c>#anchor</c>.</param>
/// <param name="Slug">Target slug; null for a same-page anchor.</param>
/// <param name="Anchor">Target heading id, if any.</param>
/// <param name="Line">1-based line of the link.</param>
internal sealed record ChapterLink(string? FileName, string? Slug, string? Anchor, int Line);

/// <summary>An image or other file referenced by a relative path, checked for existence by the library.</summary>
/// <param name="Path">Path relative to the content root, forward slashes.</param>
/// <param name="Line">1-based line of the reference.</param>
internal sealed record AssetReference(string Path, int Line);
