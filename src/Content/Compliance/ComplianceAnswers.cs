namespace Portal.Content;

/// <summary>
/// A company's answers to the compliance questions: for each question code the answer codes chosen (one for a yes/no or
/// single-choice question, any number for a multiple-choice one). Immutable; <see cref="With"/> returns a copy.
/// </summary>
public sealed class ComplianceAnswers
{
    private static readonly IReadOnlySet<string> Nothing = new HashSet<string>();

    private readonly Dictionary<string, IReadOnlySet<string>> values;

    private ComplianceAnswers(Dictionary<string, IReadOnlySet<string>> values) => this.values = values;

    /// <summary>No question answered.</summary>
    public static ComplianceAnswers Empty { get; } = new(new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal));

    /// <summary>The codes of the questions answered.</summary>
    public IEnumerable<string> QuestionCodes => values.Keys;

    /// <summary>Returns a copy in which <paramref name="questionCode"/> is answered with <paramref name="answerCodes"/> (replacing any earlier answer; none removes it).</summary>
    public ComplianceAnswers With(string questionCode, params string[] answerCodes)
    {
        ArgumentNullException.ThrowIfNull(questionCode);
        ArgumentNullException.ThrowIfNull(answerCodes);
        var copy = new Dictionary<string, IReadOnlySet<string>>(values, StringComparer.Ordinal);
        if (answerCodes.Length == 0)
        {
            copy.Remove(questionCode);
        }
        else
        {
            copy[questionCode] = new HashSet<string>(answerCodes, StringComparer.Ordinal);
        }

        return new ComplianceAnswers(copy);
    }

    /// <summary>The answer codes given to <paramref name="questionCode"/>; empty when it is unanswered.</summary>
    public IReadOnlySet<string> Get(string questionCode) => values.GetValueOrDefault(questionCode) ?? Nothing;

    /// <summary>Whether <paramref name="questionCode"/> has an answer.</summary>
    public bool IsAnswered(string questionCode) => values.ContainsKey(questionCode);
}
