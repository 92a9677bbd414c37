using Microsoft.Extensions.Localization;
using Portal.Content;

namespace Portal.Features.Compliance;

/// <summary>Why a regime does or does not apply, in the reader's words: each condition of its rule and whether the answers meet it.</summary>
public static class ComplianceWhy
{
    public static IReadOnlyList<(ComplianceCondition Condition, bool Holds)> Conditions(ComplianceRule rule, ComplianceAnswers answers) =>
        [.. rule.Conditions.Select(c => (c, ComplianceRule.Parse(c.ToString(), out _)?.Evaluate(answers) ?? false))];

    /// <summary>"Question text: answer label" (several labels joined with "or"; "not" for <c>!=</c>).</summary>
    public static string Describe(ComplianceCondition condition, ComplianceQuestionnaire questionnaire, IStringLocalizer<ComplianceText> text)
    {
        if (questionnaire.Question(condition.QuestionCode) is not { } question)
        {
            return condition.ToString();
        }

        var labels = string.Join(text["Compliance.Why.Or"], condition.Values.Select(v => question.Option(v)?.Label ?? v));
        return condition.Operator == "!="
            ? text["Compliance.Why.Not", question.Text, labels]
            : text["Compliance.Why.Is", question.Text, labels];
    }
}
