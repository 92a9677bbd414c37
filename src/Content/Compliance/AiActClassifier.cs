namespace Portal.Content;

/// <summary>One answer that puts an AI system in a risk class.</summary>
/// <param name="RiskClass">The class it leads to.</param>
/// <param name="QuestionCode">The question answered.</param>
/// <param name="OptionCode">The answer given.</param>
/// <param name="Label">The answer's text, in the questionnaire's language.</param>
/// <param name="Reference">The provision that puts it there (e.g. <c>AI Act Annex III(4)</c>).</param>
public sealed record AiActReason(AiRiskClass RiskClass, string QuestionCode, string OptionCode, string Label, string Reference);

/// <summary>The AI Act's view of a system.</summary>
/// <param name="RiskClass">The most severe class any answer leads to; <see cref="AiRiskClass.Minimal"/> when none does.</param>
/// <param name="Reasons">Every answer that leads to a class above minimal, most severe first.</param>
/// <param name="SetAside">Answers that would lead to a class but whose <c>except_when</c> holds (an Annex III use that the Art. 6(3) derogation takes out).</param>
public sealed record AiActClassification(AiRiskClass RiskClass, IReadOnlyList<AiActReason> Reasons, IReadOnlyList<AiActReason> SetAside)
{
    /// <summary>
    /// The classes whose duties apply: for a prohibited system only the prohibited class (it must not be offered at
    /// all); otherwise minimal (duties for every system) plus each class a reason leads to, so a high-risk chatbot has
    /// both the high-risk and the transparency duties.
    /// </summary>
    public IReadOnlySet<AiRiskClass> DutyClasses =>
        RiskClass == AiRiskClass.Prohibited
            ? new HashSet<AiRiskClass> { AiRiskClass.Prohibited }
            : new HashSet<AiRiskClass>(Reasons.Select(r => r.RiskClass).Append(AiRiskClass.Minimal));
}

/// <summary>
/// Classifies an AI system under the EU AI Act from the answers to the questionnaire: every chosen answer that carries
/// a <c>risk_class</c> in <c>questions.yaml</c> is a reason, unless its <c>except_when</c> holds; the class is the most
/// severe reason's. Pure: the same questionnaire and answers always give the same result.
/// </summary>
public static class AiActClassifier
{
    /// <summary>Classifies <paramref name="answers"/> (only the answers that count, see <see cref="ComplianceQuestionnaire.EffectiveAnswers"/>).</summary>
    public static AiActClassification Classify(ComplianceQuestionnaire questionnaire, ComplianceAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(answers);
        var effective = questionnaire.EffectiveAnswers(answers);
        var reasons = new List<AiActReason>();
        var setAside = new List<AiActReason>();
        foreach (var question in questionnaire.Questions)
        {
            var given = effective.Get(question.Code);
            foreach (var option in question.Options.Where(o => given.Contains(o.Code)))
            {
                if (option.RiskClass is not { } riskClass)
                {
                    continue;
                }

                var reason = new AiActReason(riskClass, question.Code, option.Code, option.Label, option.Reference ?? "");
                (option.ExceptWhen?.Evaluate(effective) == true ? setAside : reasons).Add(reason);
            }
        }

        var ordered = reasons.OrderByDescending(r => r.RiskClass).ToList();
        return new AiActClassification(ordered.Count > 0 ? ordered[0].RiskClass : AiRiskClass.Minimal, ordered, setAside);
    }
}
