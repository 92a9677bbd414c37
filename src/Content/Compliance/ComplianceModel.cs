namespace Portal.Content;

/// <summary>The EU AI Act's risk classes, from least to most severe.</summary>
public enum AiRiskClass
{
    /// <summary>No specific duties beyond the general ones (AI literacy, voluntary codes).</summary>
    Minimal,

    /// <summary>Transparency duties of Art. 50 (chatbots, synthetic content, emotion recognition, biometric categorisation).</summary>
    Limited,

    /// <summary>High-risk: Art. 6(1) product safety components or Annex III uses.</summary>
    High,

    /// <summary>A practice prohibited by Art. 5.</summary>
    Prohibited,
}

/// <summary>How a compliance question is answered.</summary>
public enum ComplianceQuestionKind
{
    /// <summary>Yes or no; the answer codes are <c>yes</c> and <c>no</c>.</summary>
    YesNo,

    /// <summary>Exactly one of the options (<c>kind: single</c>).</summary>
    OneOf,

    /// <summary>Any number of the options (<c>kind: multi</c>).</summary>
    AnyOf,
}

/// <summary>One answer a question offers.</summary>
/// <param name="Code">Stable code used in rules and stored answers.</param>
/// <param name="Label">The text shown.</param>
/// <param name="RiskClass">For the AI Act questionnaire: the risk class this answer puts the system in.</param>
/// <param name="Reference">The legal reference behind <paramref name="RiskClass"/> (e.g. <c>AI Act Art. 5(1)(c)</c>).</param>
/// <param name="ExceptWhen">When this rule holds, the answer does not put the system in <paramref name="RiskClass"/> (the Art. 6(3) derogation).</param>
public sealed record ComplianceOption(string Code, string Label, AiRiskClass? RiskClass, string? Reference, ComplianceRule? ExceptWhen);

/// <summary>A question about the company whose answers decide which regimes and items apply.</summary>
/// <param name="Code">Stable code used in rules and stored answers.</param>
/// <param name="Kind">How it is answered.</param>
/// <param name="Text">The question.</param>
/// <param name="Help">Optional explanation shown with it.</param>
/// <param name="Options">The answers offered (for yes/no: <c>yes</c> and <c>no</c>).</param>
/// <param name="AskWhen">The question is asked, and its answer counts, only when this rule holds for the earlier answers.</param>
/// <param name="Line">Line of the question in its file.</param>
public sealed record ComplianceQuestion(
    string Code, ComplianceQuestionKind Kind, string Text, string? Help, IReadOnlyList<ComplianceOption> Options, ComplianceRule AskWhen, int Line)
{
    /// <summary>The option with <paramref name="code"/>, or null.</summary>
    public ComplianceOption? Option(string code) => Options.FirstOrDefault(o => o.Code == code);
}

/// <summary>The questions of one language, in the order they are asked.</summary>
/// <param name="Version">Version of the questions file; raised when its meaning changes.</param>
/// <param name="Reviewed">Date the questions were last reviewed.</param>
/// <param name="Questions">The questions.</param>
public sealed record ComplianceQuestionnaire(int Version, DateOnly Reviewed, IReadOnlyList<ComplianceQuestion> Questions)
{
    /// <summary>The question with <paramref name="code"/>, or null.</summary>
    public ComplianceQuestion? Question(string code) => Questions.FirstOrDefault(q => q.Code == code);

    /// <summary>
    /// The answers that count: those to questions that are asked given the earlier answers (a question whose
    /// <c>ask_when</c> fails is dropped, as are codes no question has and answer codes the question does not offer).
    /// </summary>
    public ComplianceAnswers EffectiveAnswers(ComplianceAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var effective = ComplianceAnswers.Empty;
        foreach (var question in Questions)
        {
            if (!question.AskWhen.Evaluate(effective))
            {
                continue;
            }

            var given = answers.Get(question.Code).Where(code => question.Option(code) is not null).ToArray();
            if (question.Kind != ComplianceQuestionKind.AnyOf && given.Length > 1)
            {
                continue;
            }

            effective = effective.With(question.Code, given);
        }

        return effective;
    }
}

/// <summary>One requirement of a regime.</summary>
/// <param name="Id">Stable id, the same in every language.</param>
/// <param name="Requirement">What it requires, in plain words.</param>
/// <param name="Reference">The legal reference (article or section), the same in every language.</param>
/// <param name="AppliesWhen">When given, the item applies only when this rule holds.</param>
/// <param name="RiskClass">For the AI Act: the risk class whose duty this is.</param>
/// <param name="Line">Line of the item in its file.</param>
public sealed record ComplianceItem(string Id, string Requirement, string Reference, ComplianceRule? AppliesWhen, AiRiskClass? RiskClass, int Line);

/// <summary>A checklist for one legal regime, from one file such as <c>compliance/en/gdpr.yaml</c>.</summary>
/// <param name="Id">Stable id, equal to the file name without <c>.yaml</c>.</param>
/// <param name="Title">The regime's name.</param>
/// <param name="Version">Version of the checklist; raised when items change meaning.</param>
/// <param name="Reviewed">Date the checklist was last checked against the law.</param>
/// <param name="AppliesWhen">When the regime applies.</param>
/// <param name="Notice">The note that this is guidance, not legal advice.</param>
/// <param name="Items">The requirements, in order.</param>
/// <param name="File">Path of the file relative to the content root, with forward slashes.</param>
public sealed record ComplianceRegime(
    string Id, string Title, int Version, DateOnly Reviewed, ComplianceRule AppliesWhen, string Notice, IReadOnlyList<ComplianceItem> Items, string File)
{
    /// <summary>The item with <paramref name="id"/>, or null.</summary>
    public ComplianceItem? Item(string id) => Items.FirstOrDefault(i => i.Id == id);
}

/// <summary>The questions and regimes of one language.</summary>
/// <param name="Language">The language (<c>zh-CN</c> or <c>en</c>).</param>
/// <param name="Questionnaire">The questions.</param>
/// <param name="Regimes">The regimes, ordered by id.</param>
public sealed record ComplianceChecklists(string Language, ComplianceQuestionnaire Questionnaire, IReadOnlyList<ComplianceRegime> Regimes)
{
    /// <summary>The regime with <paramref name="id"/>, or null.</summary>
    public ComplianceRegime? Regime(string id) => Regimes.FirstOrDefault(r => r.Id == id);
}
