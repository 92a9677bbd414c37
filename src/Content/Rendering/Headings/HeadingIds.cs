using System.Globalization;
using System.Text;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Portal.Content.Rendering.PlainText;

namespace Portal.Content.Rendering.Headings;

/// <summary>
/// Gives every heading a stable id. Markdig's auto-identifiers drop non-ASCII letters, which leaves
/// Chinese headings with empty or colliding ids; this keeps every letter and digit of any script.
/// </summary>
internal static class HeadingIds
{
    /// <summary>Assigns ids to all headings of <paramref name="document"/> and returns the h2/h3 table of contents.</summary>
    public static IReadOnlyList<TocEntry> Assign(MarkdownDocument document, ISet<string> usedIds)
    {
        var toc = new List<TocEntry>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var text = InlineText.Of(heading.Inline);
            var id = Unique(Slugify(text), usedIds);
            heading.GetAttributes().Id = id;
            if (heading.Level is 2 or 3)
            {
                toc.Add(new TocEntry(heading.Level, id, text));
            }
        }

        return toc;
    }

    /// <summary>
    /// Lower-cases ASCII, keeps letters and digits of every script (CJK included), turns runs of
    /// whitespace and hyphens into one hyphen and drops all other punctuation and symbols.
    /// </summary>
    public static string Slugify(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune)
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || rune.Value == '_')
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingHyphen = false;
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (Rune.IsWhiteSpace(rune) || category == UnicodeCategory.DashPunctuation)
            {
                pendingHyphen = true;
            }
        }

        return builder.Length == 0 ? "section" : builder.ToString();
    }

    private static string Unique(string id, ISet<string> usedIds)
    {
        var candidate = id;
        for (var n = 2; !usedIds.Add(candidate); n++)
        {
            candidate = $"{id}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return candidate;
    }
}
