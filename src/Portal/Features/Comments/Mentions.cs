using System.Globalization;

namespace Portal.Features.Comments;

/// <summary>Someone who can be mentioned in a workspace's comments.</summary>
public sealed record Mentionable(string UserId, string DisplayName);

/// <summary>How "@name" is suggested while a comment is typed and recognized when it is posted.</summary>
public static class Mentions
{
    public const int MaxSuggestions = 6;

    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    /// <summary>
    /// The people whose name contains <paramref name="query"/>, ignoring case: names that start with it first, then names
    /// with a word that does, then the rest. An empty query lists everyone, up to <see cref="MaxSuggestions"/>.
    /// </summary>
    public static IReadOnlyList<Mentionable> Suggest(IEnumerable<Mentionable> people, string query) =>
        people
            .Select(person => (person, rank: Rank(person.DisplayName, query)))
            .Where(candidate => candidate.rank is not null)
            .OrderBy(candidate => candidate.rank)
            .ThenBy(candidate => candidate.person.DisplayName, StringComparer.CurrentCulture)
            .Take(MaxSuggestions)
            .Select(candidate => candidate.person)
            .ToList();

    /// <summary>What choosing a suggestion puts in the comment: the form <see cref="Names"/> recognizes, and a space to type on.</summary>
    public static string Text(Mentionable person) => $"@{person.DisplayName} ";

    /// <summary>
    /// Whether <paramref name="body"/> mentions the person: "@" and their full name or e-mail address, or "@" and their
    /// first name alone when nobody else in <paramref name="everyone"/> (all names that can be mentioned) shares it.
    /// </summary>
    public static bool Names(string body, string displayName, string? email, IReadOnlyCollection<string> everyone)
    {
        if (Contains(body, "@" + displayName) || (email is not null && Contains(body, "@" + email)))
        {
            return true;
        }

        return FirstName(displayName) is { } first
            && everyone.Count(name => SameName(FirstName(name) ?? name, first)) == 1
            && MentionsWord(body, first);
    }

    private static int? Rank(string name, string query)
    {
        var at = Compare.IndexOf(name, query, CompareOptions.IgnoreCase);
        return at switch
        {
            < 0 => null,
            0 => 0,
            _ when char.IsWhiteSpace(name[at - 1]) => 1,
            _ => 2,
        };
    }

    /// <summary>The first word of a name of several words; a one-word name (most Chinese names) has none apart from itself.</summary>
    private static string? FirstName(string name) =>
        name.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries) is [var first, _] ? first : null;

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>"@word" followed by something that is not a letter or digit, so "@Bo" does not count for "@Bob".</summary>
    private static bool MentionsWord(string body, string word)
    {
        var mention = "@" + word;
        for (var at = body.IndexOf(mention, StringComparison.CurrentCultureIgnoreCase); at >= 0; at = body.IndexOf(mention, at + 1, StringComparison.CurrentCultureIgnoreCase))
        {
            var after = at + mention.Length;
            if (after >= body.Length || !char.IsLetterOrDigit(body[after]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(string body, string mention) =>
        mention.Length > 1 && body.Contains(mention, StringComparison.CurrentCultureIgnoreCase);
}
