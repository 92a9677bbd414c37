using System.Collections.Frozen;
using Portal.Content.Rendering.PlainText;

namespace Portal.Content.Search;

/// <summary>
/// An in-memory full-text index over chapter titles, headings and text, per language. Chinese matches
/// inside words through character bigrams; English matches stemmed words, and the last word of a query
/// also matches as a prefix so results follow the user's typing. Ranking is BM25 per field with a title
/// match worth far more than a heading match, and a heading match more than body text.
/// Immutable and thread-safe; <see cref="ContentLibrary"/> builds a new one after each reload.
/// </summary>
public sealed class ContentSearchIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>Titles are all short; normalising their length hard would let the shortest title win every tie.</summary>
    private const double TitleB = 0.3;
    private const double TitleBoost = 10;
    private const double HeadingBoost = 3;
    private const double PrefixWeight = 0.5;
    private const int MaxPrefixExpansions = 30;

    /// <summary>Longer queries are cut: the index answers a search box, and a pasted page must not cost a page of work.</summary>
    private const int MaxQueryLength = 200;

    private readonly FrozenDictionary<string, LanguageIndex> languages;

    /// <summary>An index with no chapters.</summary>
    public static ContentSearchIndex Empty { get; } = new([]);

    /// <summary>Indexes <paramref name="chapters"/> of any languages.</summary>
    public ContentSearchIndex(IEnumerable<Chapter> chapters)
    {
        ArgumentNullException.ThrowIfNull(chapters);
        languages = chapters
            .GroupBy(c => c.Language, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => new LanguageIndex([.. g]), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Finds chapters of one language that match <paramref name="query"/>, best first, one hit per chapter.</summary>
    /// <param name="query">Words or Chinese text as the user typed it.</param>
    /// <param name="language">The language to search (<see cref="GuideLanguages"/>).</param>
    /// <param name="limit">The most hits to return.</param>
    public IReadOnlyList<SearchHit> Search(string query, string language, int limit = 10)
    {
        if (string.IsNullOrWhiteSpace(query) || limit <= 0 || !languages.TryGetValue(language ?? "", out var index))
        {
            return [];
        }

        return index.Search(query.Length > MaxQueryLength ? query[..MaxQueryLength] : query, limit);
    }

    /// <summary>One query token and what it may match: its own term, plus prefix completions for a word still being typed.</summary>
    private sealed record TermGroup(IReadOnlyList<(string Term, double Weight)> Alternatives);

    private sealed class Field
    {
        public Dictionary<string, int> Frequencies { get; } = new(StringComparer.Ordinal);

        public int Length { get; private set; }

        public void Add(string text, Dictionary<string, string>? vocabulary = null)
        {
            foreach (var token in Tokenizer.Tokenize(text, isQuery: false))
            {
                if (token.IsStopword)
                {
                    continue;
                }

                Frequencies[token.Term] = Frequencies.GetValueOrDefault(token.Term) + 1;
                Length++;
                if (token.IsWord && vocabulary is not null)
                {
                    vocabulary.TryAdd(token.Surface, token.Term);
                }
            }
        }

        public int this[string term] => Frequencies.GetValueOrDefault(term);
    }

    private sealed record SectionEntry(ChapterSection Section, Field Heading, Field Body, string FoldedText);

    private sealed record ChapterEntry(
        Chapter Chapter, Field Title, Field Headings, Field Body, string FoldedTitle, string FoldedBody, IReadOnlyList<SectionEntry> Sections);

    private sealed class LanguageIndex
    {
        private readonly ChapterEntry[] entries;
        private readonly Dictionary<string, int> documentFrequency = new(StringComparer.Ordinal);
        private readonly string[] words;
        private readonly Dictionary<string, string> stems;
        private readonly double averageTitle;
        private readonly double averageHeadings;
        private readonly double averageBody;

        public LanguageIndex(IReadOnlyList<Chapter> chapters)
        {
            var vocabulary = new Dictionary<string, string>(StringComparer.Ordinal);
            entries = [.. chapters.Select(c => Index(c, vocabulary))];
            foreach (var entry in entries)
            {
                foreach (var term in entry.Title.Frequencies.Keys.Concat(entry.Headings.Frequencies.Keys).Concat(entry.Body.Frequencies.Keys).Distinct())
                {
                    documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
                }
            }

            stems = vocabulary;
            words = [.. vocabulary.Keys.Order(StringComparer.Ordinal)];
            averageTitle = Math.Max(1, entries.Select(e => e.Title.Length).DefaultIfEmpty().Average());
            averageHeadings = Math.Max(1, entries.Select(e => e.Headings.Length).DefaultIfEmpty().Average());
            averageBody = Math.Max(1, entries.Select(e => e.Body.Length).DefaultIfEmpty().Average());
        }

        private static ChapterEntry Index(Chapter chapter, Dictionary<string, string> vocabulary)
        {
            // A chapter built outside the library has no sections; its plain text is then one section.
            IReadOnlyList<ChapterSection> source = chapter.Sections.Count > 0
                ? chapter.Sections
                : [new ChapterSection(null, null, 0, PlainTextExtractor.Collapse(chapter.PlainText))];
            if (source[0].HeadingId is not null)
            {
                source = [new ChapterSection(null, null, 0, ""), .. source];
            }

            var title = new Field();
            title.Add(chapter.Title, vocabulary);
            var headings = new Field();
            var body = new Field();
            var sections = new List<SectionEntry>(source.Count);
            foreach (var original in source)
            {
                // The untitled first section also carries the summary, which is what a title-only hit quotes.
                var section = original.HeadingId is null
                    ? original with { Text = PlainTextExtractor.Collapse($"{chapter.FrontMatter.Summary} {original.Text}") }
                    : original;
                var heading = new Field();
                heading.Add(section.HeadingText ?? "", vocabulary);
                headings.Add(section.HeadingText ?? "");
                var text = new Field();
                text.Add(section.Text, vocabulary);
                body.Add(section.Text);
                sections.Add(new SectionEntry(section, heading, text, Fold($"{section.HeadingText} {section.Text}")));
            }

            return new ChapterEntry(
                chapter, title, headings, body, Fold(chapter.Title), Fold($"{chapter.FrontMatter.Summary} {chapter.PlainText}"), sections);
        }

        public IReadOnlyList<SearchHit> Search(string query, int limit)
        {
            var groups = Parse(query);
            if (groups.Count == 0)
            {
                return [];
            }

            var phrase = Fold(PlainTextExtractor.Collapse(query));
            var scored = new List<(ChapterEntry Entry, double Score)>();
            foreach (var entry in entries)
            {
                var score = Score(groups, entry);
                if (score > 0)
                {
                    // The query's exact words in order: in the title beats scattered matches.
                    if (groups.Count > 1 && entry.FoldedTitle.Contains(phrase, StringComparison.Ordinal))
                    {
                        score *= 2;
                    }
                    else if (groups.Count > 1 && entry.FoldedBody.Contains(phrase, StringComparison.Ordinal))
                    {
                        score *= 1.25;
                    }

                    scored.Add((entry, score));
                }
            }

            var terms = groups.SelectMany(g => g.Alternatives.Select(a => a.Term)).ToHashSet(StringComparer.Ordinal);
            return
            [
                .. scored
                    .OrderByDescending(s => s.Score)
                    .ThenBy(s => s.Entry.Chapter.FrontMatter.Order)
                    .Take(limit)
                    .Select(s => Hit(s.Entry, s.Score, groups, terms, phrase)),
            ];
        }

        private SearchHit Hit(ChapterEntry entry, double score, List<TermGroup> groups, HashSet<string> terms, string phrase)
        {
            var best = entry.Sections[0];
            var bestScore = 0.0;
            foreach (var section in entry.Sections)
            {
                var sectionScore = 0.0;
                var matched = 0;
                foreach (var group in groups)
                {
                    var groupScore = group.Alternatives.Max(a =>
                        a.Weight * Idf(a.Term) * ((HeadingBoost * Math.Min(1, section.Heading[a.Term])) + Math.Log(1 + section.Body[a.Term])));
                    sectionScore += groupScore;
                    matched += groupScore > 0 ? 1 : 0;
                }

                sectionScore *= Coverage(matched, groups.Count);
                if (groups.Count > 1 && section.FoldedText.Contains(phrase, StringComparison.Ordinal))
                {
                    sectionScore *= 1.5;
                }

                if (sectionScore > bestScore)
                {
                    bestScore = sectionScore;
                    best = section;
                }
            }

            return new SearchHit(
                entry.Chapter.Slug,
                entry.Chapter.Title,
                best.Section.HeadingId,
                best.Section.HeadingText,
                SnippetBuilder.Build(best.Section.Text, terms),
                Math.Round(score, 4));
        }

        private double Score(List<TermGroup> groups, ChapterEntry entry)
        {
            var score = 0.0;
            var matched = 0;
            foreach (var group in groups)
            {
                var groupScore = group.Alternatives.Max(a => a.Weight * Idf(a.Term) * (
                    (TitleBoost * Bm25(entry.Title[a.Term], entry.Title.Length, averageTitle, TitleB))
                    + (HeadingBoost * Bm25(entry.Headings[a.Term], entry.Headings.Length, averageHeadings, B))
                    + Bm25(entry.Body[a.Term], entry.Body.Length, averageBody, B)));
                score += groupScore;
                matched += groupScore > 0 ? 1 : 0;
            }

            return score * Coverage(matched, groups.Count);
        }

        /// <summary>Chapters that match every part of the query come first: the score is scaled by the square of the share matched.</summary>
        private static double Coverage(int matched, int total) => Math.Pow((double)matched / total, 2);

        private static double Bm25(int frequency, int length, double averageLength, double b) =>
            frequency == 0 ? 0 : frequency * (K1 + 1) / (frequency + (K1 * (1 - b + (b * length / averageLength))));

        private double Idf(string term)
        {
            var df = documentFrequency.GetValueOrDefault(term);
            return df == 0 ? 0 : Math.Log(1 + ((entries.Length - df + 0.5) / (df + 0.5)));
        }

        private List<TermGroup> Parse(string query)
        {
            var tokens = Tokenizer.Tokenize(query, isQuery: true);
            var stillTyping = query.Length > 0 && !char.IsWhiteSpace(query[^1]);
            var groups = new List<TermGroup>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                var isLast = i == tokens.Count - 1 && stillTyping && token.Start + token.Length == query.Length;
                if ((token.IsStopword && !isLast) || !seen.Add(token.Term))
                {
                    continue;
                }

                List<(string Term, double Weight)> alternatives = [(token.Term, 1.0)];
                if (isLast && token.IsWord && token.Surface.Length >= 2)
                {
                    alternatives.AddRange(Completions(token.Surface).Where(t => t != token.Term).Select(t => (t, PrefixWeight)));
                }

                groups.Add(new TermGroup(alternatives));
            }

            return groups;
        }

        /// <summary>Stems of the indexed words that start with <paramref name="prefix"/>.</summary>
        private IEnumerable<string> Completions(string prefix)
        {
            var first = Array.BinarySearch(words, prefix, StringComparer.Ordinal);
            if (first < 0)
            {
                first = ~first;
            }

            return words.Skip(first)
                .TakeWhile(w => w.StartsWith(prefix, StringComparison.Ordinal))
                .Select(w => stems[w])
                .Distinct(StringComparer.Ordinal)
                .Take(MaxPrefixExpansions);
        }

        private static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Tokenizer.Fold(source[i]);
            }
        });
    }
}
