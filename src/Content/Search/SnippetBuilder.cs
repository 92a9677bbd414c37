using System.Text;

namespace Portal.Content.Search;

/// <summary>Cuts a window of text around the densest cluster of matches and marks them.</summary>
internal static class SnippetBuilder
{
    private const int MaxLength = 160;
    private const int Lead = 40;
    private const int Slack = 16;

    public static string Build(string text, IReadOnlySet<string> terms)
    {
        var spans = MatchedSpans(text, terms);
        if (spans.Count == 0)
        {
            var end = text.Length <= MaxLength ? text.Length : WordEnd(text, MaxLength, 0);
            return Escape(text.AsSpan(0, end)) + (end < text.Length ? "…" : "");
        }

        // The span from which a window holds the most distinct terms; earliest wins a tie.
        var anchor = spans[0];
        var best = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            for (var k = i; k < spans.Count && spans[k].End <= spans[i].Start + MaxLength - Lead; k++)
            {
                distinct.UnionWith(spans[k].Terms);
            }

            if (distinct.Count > best)
            {
                best = distinct.Count;
                anchor = spans[i];
            }
        }

        var start = Math.Max(0, anchor.Start - Lead);
        if (start > 0)
        {
            start = WordStart(text, start, anchor.Start);
        }

        var stop = Math.Min(text.Length, start + MaxLength);
        if (stop < text.Length)
        {
            stop = WordEnd(text, stop, anchor.End);
        }

        var builder = new StringBuilder();
        if (start > 0)
        {
            builder.Append('…');
        }

        var position = start;
        foreach (var span in spans)
        {
            if (span.End <= start || span.Start >= stop)
            {
                continue;
            }

            var from = Math.Max(span.Start, start);
            var to = Math.Min(span.End, stop);
            builder.Append(Escape(text.AsSpan(position, from - position)))
                .Append("<mark>").Append(Escape(text.AsSpan(from, to - from))).Append("</mark>");
            position = to;
        }

        builder.Append(Escape(text.AsSpan(position, stop - position)));
        if (stop < text.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>Matched tokens merged where they touch, so the bigrams 商业, 业模, 模式 mark 商业模式 once.</summary>
    private static List<(int Start, int End, HashSet<string> Terms)> MatchedSpans(string text, IReadOnlySet<string> terms)
    {
        var spans = new List<(int Start, int End, HashSet<string> Terms)>();
        foreach (var token in Tokenizer.Tokenize(text, isQuery: false).Where(t => terms.Contains(t.Term)).OrderBy(t => t.Start))
        {
            var end = token.Start + token.Length;
            if (spans.Count > 0 && spans[^1].End >= token.Start)
            {
                var last = spans[^1];
                last.Terms.Add(token.Term);
                spans[^1] = (last.Start, Math.Max(last.End, end), last.Terms);
            }
            else
            {
                spans.Add((token.Start, end, new HashSet<string>(StringComparer.Ordinal) { token.Term }));
            }
        }

        return spans;
    }

    /// <summary>Moves a cut forward to the next space, when one is near and before <paramref name="limit"/>.</summary>
    private static int WordStart(string text, int start, int limit)
    {
        var space = text.IndexOf(' ', start, Math.Min(Slack, limit - start));
        return space >= 0 ? space + 1 : start;
    }

    /// <summary>Moves a cut back to the previous space, when one is near and after <paramref name="floor"/>.</summary>
    private static int WordEnd(string text, int stop, int floor)
    {
        for (var i = stop; i > Math.Max(floor, stop - Slack); i--)
        {
            if (text[i] == ' ')
            {
                return i;
            }
        }

        return stop;
    }

    internal static string Escape(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
