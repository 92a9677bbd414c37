namespace Portal.Content;

/// <summary>
/// The compliance checklists under <c>compliance/</c> in the content root: per language (<c>zh-CN</c>, <c>en</c>) a
/// <c>questions.yaml</c> and one YAML file per regime. <see cref="Load"/> never throws for bad content: every problem
/// is in <see cref="Errors"/> with its file and line, a regime file with problems is left out, and the checks across
/// languages (same regimes, item ids in the same order, same references and rules) report against the
/// non-default language's file.
/// </summary>
public sealed class ComplianceCatalog
{
    /// <summary>The folder under the content root that holds the checklists.</summary>
    public const string Folder = "compliance";

    /// <summary>The name of each language's questions file.</summary>
    public const string QuestionsFile = "questions.yaml";

    /// <summary>The order regimes are listed in; a regime not named here comes after these, by id.</summary>
    public static IReadOnlyList<string> RegimeOrder { get; } = ["gdpr", "ccpa", "pipl", "genai-cn", ComplianceFileReader.AiActId, "licensing"];

    private static readonly Dictionary<string, (string Yes, string No)> YesNoLabels = new(StringComparer.Ordinal)
    {
        [GuideLanguages.Chinese] = ("是", "否"),
        [GuideLanguages.English] = ("Yes", "No"),
    };

    private readonly Dictionary<string, ComplianceChecklists> languages;

    private ComplianceCatalog(Dictionary<string, ComplianceChecklists> languages, IReadOnlyList<ContentError> errors)
    {
        this.languages = languages;
        Errors = errors;
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<ContentError> Errors { get; }

    /// <summary>The checklists of <paramref name="language"/> (any spelling <see cref="GuideLanguages.Normalize"/> accepts).</summary>
    /// <exception cref="ArgumentException">The guide has no such language.</exception>
    public ComplianceChecklists Get(string language) =>
        GuideLanguages.Normalize(language) is { } known ? languages[known] : throw new ArgumentException($"unknown language '{language}'", nameof(language));

    /// <summary>Loads the checklists under <c>compliance/</c> of <paramref name="contentRoot"/>.</summary>
    public static ComplianceCatalog Load(string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(contentRoot);
        var errors = new List<ContentError>();
        var loaded = new Dictionary<string, ComplianceChecklists>(StringComparer.Ordinal);
        foreach (var language in GuideLanguages.All)
        {
            loaded[language] = LoadLanguage(contentRoot, language, errors);
        }

        CompareLanguages(loaded, errors);
        return new ComplianceCatalog(loaded, errors);
    }

    private static ComplianceChecklists LoadLanguage(string contentRoot, string language, List<ContentError> errors)
    {
        var folder = Path.Combine(contentRoot, Folder, language);
        var relativeFolder = $"{Folder}/{language}";
        var questionnaire = new ComplianceQuestionnaire(0, default, []);
        if (!Directory.Exists(folder))
        {
            errors.Add(new ContentError(relativeFolder, 1, "the language folder is missing"));
            return new ComplianceChecklists(language, questionnaire, []);
        }

        var questionsPath = $"{relativeFolder}/{QuestionsFile}";
        if (Read(Path.Combine(folder, QuestionsFile), questionsPath, errors) is { } questionsText)
        {
            questionnaire = new ComplianceFileReader(questionsPath, errors).ReadQuestionnaire(questionsText, YesNoLabels[language]);
        }

        var regimes = new List<ComplianceRegime>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var relative = $"{relativeFolder}/{name}";
            if (name == QuestionsFile)
            {
                continue;
            }

            if (!name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                errors.Add(new ContentError(relative, 1, "only .yaml files belong here (questions.yaml and one file per regime); the file is ignored"));
                continue;
            }

            if (Read(path, relative, errors) is { } text
                && new ComplianceFileReader(relative, errors).ReadRegime(text, name[..^".yaml".Length], questionnaire) is { } regime)
            {
                regimes.Add(regime);
            }
        }

        var ordered = regimes
            .OrderBy(r => Rank(r.Id))
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        return new ComplianceChecklists(language, questionnaire, ordered);
    }

    private static int Rank(string id)
    {
        for (var i = 0; i < RegimeOrder.Count; i++)
        {
            if (RegimeOrder[i] == id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string? Read(string path, string relative, List<ContentError> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add(new ContentError(relative, 1, "the file is missing"));
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException e)
        {
            errors.Add(new ContentError(relative, 1, $"cannot read the file: {e.Message}"));
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            errors.Add(new ContentError(relative, 1, $"cannot read the file: {e.Message}"));
            return null;
        }
    }

    /// <summary>Each other language must match the default one in everything but the words.</summary>
    private static void CompareLanguages(Dictionary<string, ComplianceChecklists> loaded, List<ContentError> errors)
    {
        var reference = loaded[GuideLanguages.Chinese];
        foreach (var language in GuideLanguages.All.Where(l => l != GuideLanguages.Chinese))
        {
            var other = loaded[language];
            CompareQuestions(reference, other, errors);
            foreach (var regime in other.Regimes)
            {
                if (reference.Regime(regime.Id) is { } counterpart)
                {
                    CompareRegime(counterpart, regime, reference.Language, errors);
                }
                else
                {
                    errors.Add(new ContentError(regime.File, 1, $"there is no valid '{reference.Language}' version of this regime (expected {Folder}/{reference.Language}/{regime.Id}.yaml)"));
                }
            }

            foreach (var regime in reference.Regimes.Where(r => other.Regime(r.Id) is null))
            {
                errors.Add(new ContentError(regime.File, 1, $"there is no valid '{language}' version of this regime (expected {Folder}/{language}/{regime.Id}.yaml)"));
            }
        }
    }

    private static void CompareRegime(ComplianceRegime reference, ComplianceRegime regime, string referenceLanguage, List<ContentError> errors)
    {
        void Differ(int line, string what, object? here, object? there) =>
            errors.Add(new ContentError(regime.File, line, $"{what} is '{here}' here but '{there}' in the '{referenceLanguage}' version"));

        if (regime.Version != reference.Version)
        {
            Differ(1, "'version'", regime.Version, reference.Version);
        }

        if (regime.Reviewed != reference.Reviewed)
        {
            Differ(1, "'reviewed'", regime.Reviewed.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reference.Reviewed.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (regime.AppliesWhen.Canonical != reference.AppliesWhen.Canonical)
        {
            Differ(1, "'applies_when'", regime.AppliesWhen.Text, reference.AppliesWhen.Text);
        }

        var ids = regime.Items.Select(i => i.Id).ToList();
        var referenceIds = reference.Items.Select(i => i.Id).ToList();
        if (!ids.SequenceEqual(referenceIds))
        {
            var index = Enumerable.Range(0, Math.Min(ids.Count, referenceIds.Count)).FirstOrDefault(i => ids[i] != referenceIds[i], -1);
            var line = index >= 0 ? regime.Items[index].Line : regime.Items.Count > referenceIds.Count ? regime.Items[referenceIds.Count].Line : 1;
            errors.Add(new ContentError(regime.File, line, $"the item ids differ from the '{referenceLanguage}' version's ({string.Join(", ", ids)} here, {string.Join(", ", referenceIds)} there); both must list the same ids in the same order"));
            return;
        }

        foreach (var (item, counterpart) in regime.Items.Zip(reference.Items))
        {
            if (item.Reference != counterpart.Reference)
            {
                Differ(item.Line, $"the reference of '{item.Id}'", item.Reference, counterpart.Reference);
            }

            if (item.AppliesWhen?.Canonical != counterpart.AppliesWhen?.Canonical)
            {
                Differ(item.Line, $"'applies_when' of '{item.Id}'", item.AppliesWhen?.Text ?? "(none)", counterpart.AppliesWhen?.Text ?? "(none)");
            }

            if (item.RiskClass != counterpart.RiskClass)
            {
                Differ(item.Line, $"'risk_class' of '{item.Id}'", item.RiskClass, counterpart.RiskClass);
            }
        }
    }

    private static void CompareQuestions(ComplianceChecklists reference, ComplianceChecklists other, List<ContentError> errors)
    {
        var file = $"{Folder}/{other.Language}/{QuestionsFile}";
        void Differ(int line, string message) => errors.Add(new ContentError(file, line, message + $" (compared with the '{reference.Language}' version)"));

        var questions = other.Questionnaire.Questions;
        var referenceQuestions = reference.Questionnaire.Questions;
        if (other.Questionnaire.Version != reference.Questionnaire.Version || other.Questionnaire.Reviewed != reference.Questionnaire.Reviewed)
        {
            Differ(1, "'version' and 'reviewed' must be the same in both languages");
        }

        if (!questions.Select(q => q.Code).SequenceEqual(referenceQuestions.Select(q => q.Code)))
        {
            Differ(1, $"the question codes differ ({string.Join(", ", questions.Select(q => q.Code))} here, {string.Join(", ", referenceQuestions.Select(q => q.Code))} there); both must ask the same questions in the same order");
            return;
        }

        foreach (var (question, counterpart) in questions.Zip(referenceQuestions))
        {
            if (question.Kind != counterpart.Kind || question.AskWhen.Canonical != counterpart.AskWhen.Canonical)
            {
                Differ(question.Line, $"question '{question.Code}' differs in 'kind' or 'ask_when'");
            }

            if (!question.Options.Select(Signature).SequenceEqual(counterpart.Options.Select(Signature)))
            {
                Differ(question.Line, $"the answers of '{question.Code}' differ in codes, order, risk_class, reference or except_when");
            }
        }

        static string Signature(ComplianceOption o) => $"{o.Code}|{o.RiskClass}|{o.Reference}|{o.ExceptWhen?.Canonical}";
    }
}
