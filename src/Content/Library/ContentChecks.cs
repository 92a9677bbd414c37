using Portal.Content.Rendering;

namespace Portal.Content;

/// <summary>A chapter file as one load found and rendered it, before the checks decide whether it is kept.</summary>
internal sealed record LoadedFile(string Language, string Path, string FileName, int Number, string Slug, RenderedChapter Rendered);

/// <summary>
/// The checks across chapters that a load runs once every file is rendered: each chapter in every language, every link
/// to a chapter and heading that exists, every image present. They report; they never throw or drop a chapter.
/// </summary>
internal static class ContentChecks
{
    public static void Counterparts(List<LoadedFile> files, List<ContentError> errors)
    {
        foreach (var file in files)
        {
            foreach (var other in GuideLanguages.All.Where(l => l != file.Language))
            {
                if (files.FirstOrDefault(f => f.Language == other && f.FileName == file.FileName) is not { } counterpart)
                {
                    errors.Add(new ContentError(file.Path, 1, $"there is no '{other}' version of this chapter (expected guide/{other}/{file.FileName})"));
                }
                else if (file.Rendered.FrontMatter?.RelatedTools is { } tools && counterpart.Rendered.FrontMatter?.RelatedTools is { } others
                    && !tools.SequenceEqual(others))
                {
                    // Readers of either language are sent to the same tools, in the same order.
                    errors.Add(new ContentError(file.Path, 1, $"'related_tool' differs from the '{other}' version's ({Names(tools)} here, {Names(others)} there)"));
                }
            }
        }
    }

    private static string Names(IReadOnlyList<RelatedTool> tools) =>
        tools.Count == 0 ? "none" : string.Join(", ", tools.Select(t => t.ToString().ToLowerInvariant()));

    public static void Links(
        List<LoadedFile> files, Dictionary<string, Dictionary<string, LoadedFile>> chapters, List<ContentError> errors)
    {
        foreach (var file in files.Where(f => f.Rendered.FrontMatter is not null))
        {
            var sameLanguage = chapters[file.Language];
            foreach (var link in file.Rendered.Links)
            {
                if (link.FileName is null)
                {
                    if (link.Anchor is { } anchor && !file.Rendered.HeadingIds.Contains(anchor))
                    {
                        errors.Add(new ContentError(file.Path, link.Line, $"link '#{anchor}' points to no heading of this chapter"));
                    }

                    continue;
                }

                if (!sameLanguage.TryGetValue(link.FileName, out var target))
                {
                    var message = files.Any(f => f.Language == file.Language && f.FileName == link.FileName)
                        ? $"link to '{link.FileName}', a chapter that has errors and is left out"
                        : sameLanguage.Values.FirstOrDefault(c => c.Slug == link.Slug) is { } renamed
                            ? $"link to missing chapter '{link.FileName}' (did you mean '{renamed.FileName}'?)"
                            : $"link to missing chapter '{link.FileName}'";
                    errors.Add(new ContentError(file.Path, link.Line, message));
                }
                else if (link.Anchor is { } anchor && !target.Rendered.HeadingIds.Contains(anchor))
                {
                    errors.Add(new ContentError(file.Path, link.Line, $"link to '{link.FileName}#{anchor}': that chapter has no heading with id '{anchor}'"));
                }
            }
        }
    }

    public static void Assets(List<LoadedFile> files, string contentRoot, List<ContentError> errors)
    {
        foreach (var file in files)
        {
            foreach (var asset in file.Rendered.Assets)
            {
                if (!File.Exists(Path.Combine(contentRoot, asset.Path)))
                {
                    errors.Add(new ContentError(file.Path, asset.Line, $"file '{asset.Path}' does not exist under the content root"));
                }
            }
        }
    }
}
