namespace Portal.Content;

/// <summary>Whether one item applies.</summary>
/// <param name="Item">The item.</param>
/// <param name="Applies">True when its regime applies, its <c>applies_when</c> holds and, for the AI Act, its risk class is among the duty classes.</param>
public sealed record ItemApplicability(ComplianceItem Item, bool Applies);

/// <summary>Whether a regime applies, and which of its items.</summary>
/// <param name="Regime">The regime.</param>
/// <param name="Applies">Whether its <c>applies_when</c> holds.</param>
/// <param name="Items">Every item, in order, with whether it applies.</param>
public sealed record RegimeApplicability(ComplianceRegime Regime, bool Applies, IReadOnlyList<ItemApplicability> Items)
{
    /// <summary>The items that apply, in order.</summary>
    public IEnumerable<ComplianceItem> ApplicableItems => Items.Where(i => i.Applies).Select(i => i.Item);
}

/// <summary>What applies to a company given its answers.</summary>
/// <param name="Answers">The answers that count (those to questions that are asked).</param>
/// <param name="AiAct">The AI Act classification of its system.</param>
/// <param name="Regimes">Every regime, in the catalog's order, with whether it and each item apply.</param>
public sealed record ComplianceAssessment(ComplianceAnswers Answers, AiActClassification AiAct, IReadOnlyList<RegimeApplicability> Regimes)
{
    /// <summary>The regime with <paramref name="id"/>, or null.</summary>
    public RegimeApplicability? Regime(string id) => Regimes.FirstOrDefault(r => r.Regime.Id == id);

    /// <summary>The ids of the regimes that apply, in order.</summary>
    public IEnumerable<string> ApplicableRegimeIds => Regimes.Where(r => r.Applies).Select(r => r.Regime.Id);
}

/// <summary>
/// Decides which regimes and items apply to a company from its answers. Pure: it reads only the checklists and the
/// answers. Answers to questions that are not asked (their <c>ask_when</c> fails) are ignored.
/// </summary>
public static class ComplianceApplicability
{
    /// <summary>Assesses <paramref name="answers"/> against the checklists of one language.</summary>
    public static ComplianceAssessment Assess(ComplianceChecklists checklists, ComplianceAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(checklists);
        ArgumentNullException.ThrowIfNull(answers);
        var effective = checklists.Questionnaire.EffectiveAnswers(answers);
        var aiAct = AiActClassifier.Classify(checklists.Questionnaire, effective);
        var duties = aiAct.DutyClasses;
        var regimes = checklists.Regimes.Select(regime =>
        {
            var applies = regime.AppliesWhen.Evaluate(effective);
            var items = regime.Items.Select(item => new ItemApplicability(
                item,
                applies
                && (item.AppliesWhen?.Evaluate(effective) ?? true)
                && (item.RiskClass is not { } riskClass || duties.Contains(riskClass)))).ToList();
            return new RegimeApplicability(regime, applies, items);
        }).ToList();
        return new ComplianceAssessment(effective, aiAct, regimes);
    }
}
