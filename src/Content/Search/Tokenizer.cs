using System.Text;

namespace Portal.Content.Search;

/// <summary>A term and where it sits in the text it came from.</summary>
/// <param name="Term">The indexed form: a stemmed English word, or one or two CJK characters.</param>
/// <param name="Start">Offset of the first character in the source text.</param>
/// <param name="Length">Number of source characters.</param>
/// <param name="Surface">The word as written, lower-cased (equal to <paramref name="Term"/> for CJK).</param>
/// <param name="IsWord">True for a word of an alphabetic script, false for CJK n-grams.</param>
/// <param name="IsStopword">True for an English word too common to search for.</param>
internal readonly record struct Token(string Term, int Start, int Length, string Surface, bool IsWord, bool IsStopword);

/// <summary>
/// Splits text into search terms. Chinese has no spaces between words, so CJK runs become overlapping
/// character bigrams (and single characters when indexing, for one-character queries); other letters
/// and digits form words, lower-cased and Porter-stemmed.
/// </summary>
internal static class Tokenizer
{
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has", "have", "if",
        "in", "into", "is", "it", "its", "not", "of", "on", "or", "our", "s", "so", "t", "than", "that", "the",
        "their", "then", "there", "they", "this", "to", "was", "we", "were", "what", "when", "which", "will",
        "with", "you", "your",
    };

    /// <summary>Tokenizes <paramref name="text"/>; queries get bigrams only for CJK runs longer than one character.</summary>
    public static List<Token> Tokenize(string text, bool isQuery)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = Fold(text[i]);
            if (IsCjk(c))
            {
                var end = i;
                while (end < text.Length && IsCjk(Fold(text[end])))
                {
                    end++;
                }

                AddCjkRun(tokens, text, i, end, isQuery);
                i = end;
            }
            else if (char.IsLetterOrDigit(c))
            {
                var end = i;
                var surface = new StringBuilder();
                while (end < text.Length && Fold(text[end]) is var f && char.IsLetterOrDigit(f) && !IsCjk(f))
                {
                    surface.Append(char.ToLowerInvariant(f));
                    end++;
                }

                var word = surface.ToString();
                tokens.Add(new Token(TermOf(word), i, end - i, word, IsWord: true, Stopwords.Contains(word)));
                i = end;
            }
            else
            {
                i++;
            }
        }

        return tokens;
    }

    /// <summary>The index term of a lower-case word.</summary>
    public static string TermOf(string word) =>
        word.Length > 2 && word.All(char.IsAsciiLetterLower) ? PorterStemmer.Stem(word) : word;

    /// <summary>Lower-cases and maps full-width ASCII forms (common in Chinese text) to ASCII, one char to one char.</summary>
    public static char Fold(char c) =>
        char.ToLowerInvariant(c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c);

    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');

    private static void AddCjkRun(List<Token> tokens, string text, int start, int end, bool isQuery)
    {
        var single = end - start == 1;
        for (var i = start; i < end; i++)
        {
            if (!isQuery || single)
            {
                var unigram = text[i].ToString();
                tokens.Add(new Token(unigram, i, 1, unigram, IsWord: false, IsStopword: false));
            }

            if (i + 1 < end)
            {
                var bigram = text.Substring(i, 2);
                tokens.Add(new Token(bigram, i, 2, bigram, IsWord: false, IsStopword: false));
            }
        }
    }
}
