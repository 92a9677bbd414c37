namespace Portal.Content;

/// <summary>The guide in one language: parts in reading order, each with its chapters.</summary>
/// <param name="Language">The tree's language.</param>
/// <param name="Parts">Parts ordered by their first chapter.</param>
public sealed record GuideTree(string Language, IReadOnlyList<GuidePart> Parts)
{
    /// <summary>Every chapter in reading order.</summary>
    public IEnumerable<Chapter> Chapters => Parts.SelectMany(p => p.Chapters);
}

/// <summary>A part of the guide (front matter key <c>part</c>) and its chapters ordered by <c>order</c>.</summary>
/// <param name="Title">The part's title.</param>
/// <param name="Chapters">Its chapters in reading order.</param>
public sealed record GuidePart(string Title, IReadOnlyList<Chapter> Chapters);
