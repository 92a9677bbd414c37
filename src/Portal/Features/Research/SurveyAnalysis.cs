namespace Portal.Features.Research;

public enum SurveyColumnKind
{
    /// <summary>Few different answers, given again and again: counted per answer and drawn as bars.</summary>
    SingleChoice,

    /// <summary>Answers in the respondents' own words: listed.</summary>
    FreeText,
}

/// <summary>How many respondents gave one answer.</summary>
public sealed record SurveyAnswerCount(string Answer, int Count);

/// <summary>
/// One column of a survey: <see cref="Answered"/> is how many respondents answered it (blank cells are no answer).
/// A single-choice column has its <see cref="Counts"/>, most given first; a free-text column lists its
/// <see cref="Answers"/> in the order of the rows.
/// </summary>
public sealed record SurveyColumnAnalysis(int Index, string Name, SurveyColumnKind Kind, int Answered, IReadOnlyList<SurveyAnswerCount> Counts, IReadOnlyList<string> Answers);

/// <summary>
/// Tells single-choice columns from free text and counts their answers. A column is single-choice when it has at most
/// <see cref="MaxChoices"/> different answers and those are few beside the answers given: at most two different
/// answers for every three given (<c>3 × distinct ≤ 2 × answered</c>), so on average each answer was given at least
/// one and a half times, and at least one was given twice. Answers are counted as written (after trimming spaces),
/// so "Yes" and "yes" are two answers. A cell holding several choices ("A;B", as multi-select questions export) is
/// one answer of its own: splitting multi-select answers is not done.
/// </summary>
public static class SurveyAnalysis
{
    public const int MaxChoices = 12;

    public static bool IsSingleChoice(int distinct, int answered) => distinct is >= 1 and <= MaxChoices && 3 * distinct <= 2 * answered;

    public static IReadOnlyList<SurveyColumnAnalysis> Of(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var analysis = new List<SurveyColumnAnalysis>(columns.Count);
        for (var column = 0; column < columns.Count; column++)
        {
            var answers = rows.Select(row => column < row.Count ? row[column].Trim() : "").Where(a => a.Length > 0).ToList();
            var counts = answers.GroupBy(a => a, StringComparer.Ordinal)
                .Select(g => new SurveyAnswerCount(g.Key, g.Count()))
                .OrderByDescending(c => c.Count)
                .ThenBy(c => c.Answer, StringComparer.Ordinal)
                .ToList();
            analysis.Add(IsSingleChoice(counts.Count, answers.Count)
                ? new SurveyColumnAnalysis(column, columns[column], SurveyColumnKind.SingleChoice, answers.Count, counts, [])
                : new SurveyColumnAnalysis(column, columns[column], SurveyColumnKind.FreeText, answers.Count, [], answers));
        }

        return analysis;
    }
}
