using System.Text.RegularExpressions;

namespace Portal.Content;

/// <summary>
/// Reads one compliance file (a regime or the questions) from its YAML tree. Every problem is reported with its line;
/// nothing throws. A regime with any problem is returned as null; a questions file keeps the questions that are valid.
/// </summary>
internal sealed partial class ComplianceFileReader(string file, List<ContentError> errors)
{
    /// <summary>Id of the AI Act regime, the one whose items carry a <c>risk_class</c>.</summary>
    public const string AiActId = "eu-ai-act";

    private static readonly string[] RegimeKeys = ["id", "title", "version", "reviewed", "applies_when", "notice", "items"];
    private static readonly string[] ItemKeys = ["id", "requirement", "reference", "applies_when", "risk_class"];
    private static readonly string[] QuestionnaireKeys = ["version", "reviewed", "questions"];
    private static readonly string[] QuestionKeys = ["code", "kind", "text", "help", "ask_when", "options"];
    private static readonly string[] OptionKeys = ["code", "label", "risk_class", "reference", "except_when"];

    private static readonly Dictionary<string, AiRiskClass> RiskClasses = new(StringComparer.Ordinal)
    {
        ["prohibited"] = AiRiskClass.Prohibited,
        ["high"] = AiRiskClass.High,
        ["limited"] = AiRiskClass.Limited,
        ["minimal"] = AiRiskClass.Minimal,
    };

    private static readonly Dictionary<string, ComplianceQuestionKind> Kinds = new(StringComparer.Ordinal)
    {
        ["yes_no"] = ComplianceQuestionKind.YesNo,
        ["single"] = ComplianceQuestionKind.OneOf,
        ["multi"] = ComplianceQuestionKind.AnyOf,
    };

    private readonly List<(YamlTreeNode Node, ComplianceRule Rule)> exceptRules = [];

    private int errorCount;

    private void Error(int line, string message)
    {
        errors.Add(new ContentError(file, line, message));
        errorCount++;
    }

    /// <summary>Reads a questions file; the labels of yes/no answers come from <paramref name="yesNoLabels"/>.</summary>
    public ComplianceQuestionnaire ReadQuestionnaire(string text, (string Yes, string No) yesNoLabels)
    {
        var empty = new ComplianceQuestionnaire(0, default, []);
        if (Root(text) is not { } root)
        {
            return empty;
        }

        var fields = Fields(root, QuestionnaireKeys, "the questions file");
        var version = Number(fields, "version", root.Line);
        var reviewed = Date(fields, "reviewed", root.Line);
        var questions = new List<ComplianceQuestion>();
        if (Required(fields, "questions", root.Line) is { } list)
        {
            if (list is not YamlTreeSequence sequence || sequence.Items.Count == 0)
            {
                Error(list.Line, "'questions' must be a list of questions ('- code: ...')");
            }
            else
            {
                foreach (var node in sequence.Items)
                {
                    var before = errorCount;
                    var question = ReadQuestion(node, questions, yesNoLabels);
                    if (question is not null && errorCount == before)
                    {
                        questions.Add(question);
                    }
                }
            }
        }

        // An answer's except_when may read any question, also one asked after it; it is checked once all are read.
        foreach (var (node, rule) in exceptRules)
        {
            Check(rule, node, questions, "except_when");
        }

        return new ComplianceQuestionnaire(version, reviewed, questions);
    }

    private ComplianceQuestion? ReadQuestion(YamlTreeNode node, List<ComplianceQuestion> earlier, (string Yes, string No) yesNoLabels)
    {
        var fields = Fields(node, QuestionKeys, "a question");
        var code = Code(fields, "code", node.Line);
        if (code.Length > 0 && earlier.Any(q => q.Code == code))
        {
            Error(fields["code"].Line, $"question code '{code}' is used twice");
        }

        var kindText = Text(fields, "kind", node.Line);
        ComplianceQuestionKind kind = default;
        if (kindText.Length > 0 && !Kinds.TryGetValue(kindText, out kind))
        {
            Error(fields["kind"].Line, $"'kind' must be one of {string.Join(", ", Kinds.Keys)}, not '{kindText}'");
        }

        var text = Text(fields, "text", node.Line);
        var help = OptionalText(fields, "help");
        var askWhen = ComplianceRule.Always;
        if (fields.TryGetValue("ask_when", out var askNode))
        {
            // A question may depend only on questions asked before it, so the answers can be collected in order.
            askWhen = Rule(askNode, earlier, "ask_when") ?? ComplianceRule.Always;
        }

        List<ComplianceOption> options = [];
        if (kind == ComplianceQuestionKind.YesNo)
        {
            if (fields.TryGetValue("options", out var extra))
            {
                Error(extra.Line, "a yes_no question has the fixed answers 'yes' and 'no'; remove 'options'");
            }

            options = [new("yes", yesNoLabels.Yes, null, null, null), new("no", yesNoLabels.No, null, null, null)];
        }
        else if (Required(fields, "options", node.Line) is { } list)
        {
            if (list is not YamlTreeSequence sequence || sequence.Items.Count < 2)
            {
                Error(list.Line, "'options' must be a list of at least two answers ('- code: ...')");
            }
            else
            {
                foreach (var optionNode in sequence.Items)
                {
                    if (ReadOption(optionNode, options) is { } option)
                    {
                        options.Add(option);
                    }
                }
            }
        }

        return new ComplianceQuestion(code, kind, text, help, options, askWhen, node.Line);
    }

    private ComplianceOption? ReadOption(YamlTreeNode node, List<ComplianceOption> earlier)
    {
        var fields = Fields(node, OptionKeys, "an answer");
        var code = Code(fields, "code", node.Line);
        if (code.Length > 0 && earlier.Any(o => o.Code == code))
        {
            Error(fields["code"].Line, $"answer code '{code}' is used twice in this question");
        }

        var label = Text(fields, "label", node.Line);
        var riskClass = RiskClass(fields);
        var reference = OptionalText(fields, "reference");
        ComplianceRule? exceptWhen = null;
        if (fields.TryGetValue("except_when", out var exceptNode))
        {
            exceptWhen = Rule(exceptNode, null, "except_when");
            if (exceptWhen is not null)
            {
                exceptRules.Add((exceptNode, exceptWhen));
            }
        }

        if (riskClass is not null && reference is null)
        {
            Error(node.Line, "an answer with a 'risk_class' needs the 'reference' that puts it there");
        }

        if (riskClass is null && (reference is not null || exceptWhen is not null))
        {
            Error(node.Line, "'reference' and 'except_when' belong only to an answer with a 'risk_class'");
        }

        return new ComplianceOption(code, label, riskClass, reference, exceptWhen);
    }

    /// <summary>Reads a regime file whose name (without <c>.yaml</c>) is <paramref name="expectedId"/>; null when it has any problem.</summary>
    public ComplianceRegime? ReadRegime(string text, string expectedId, ComplianceQuestionnaire questionnaire)
    {
        var before = errorCount;
        if (Root(text) is not { } root)
        {
            return null;
        }

        var fields = Fields(root, RegimeKeys, "a regime file");
        var id = Text(fields, "id", root.Line);
        if (id.Length > 0 && id != expectedId)
        {
            Error(fields["id"].Line, $"'id' is '{id}' but the file is named {expectedId}.yaml; they must match");
        }

        var title = Text(fields, "title", root.Line);
        var version = Number(fields, "version", root.Line);
        var reviewed = Date(fields, "reviewed", root.Line);
        var appliesWhen = Required(fields, "applies_when", root.Line) is { } ruleNode
            ? Rule(ruleNode, questionnaire.Questions, "applies_when") : null;
        var notice = Text(fields, "notice", root.Line);
        var items = new List<ComplianceItem>();
        if (Required(fields, "items", root.Line) is { } list)
        {
            if (list is not YamlTreeSequence sequence || sequence.Items.Count == 0)
            {
                Error(list.Line, "'items' must be a list of items ('- id: ...')");
            }
            else
            {
                foreach (var node in sequence.Items)
                {
                    items.Add(ReadItem(node, items, expectedId == AiActId, questionnaire));
                }
            }
        }

        return errorCount == before && appliesWhen is not null
            ? new ComplianceRegime(id, title, version, reviewed, appliesWhen, notice, items, file)
            : null;
    }

    private ComplianceItem ReadItem(YamlTreeNode node, List<ComplianceItem> earlier, bool isAiAct, ComplianceQuestionnaire questionnaire)
    {
        var fields = Fields(node, ItemKeys, "an item");
        var id = Text(fields, "id", node.Line);
        if (id.Length > 0 && !IdPattern().IsMatch(id))
        {
            Error(fields["id"].Line, $"item id '{id}' must be lower-case words joined by '-'");
        }
        else if (id.Length > 0 && earlier.Any(i => i.Id == id))
        {
            Error(fields["id"].Line, $"item id '{id}' is used twice in this file");
        }

        var requirement = Text(fields, "requirement", node.Line);
        var reference = Text(fields, "reference", node.Line);
        ComplianceRule? appliesWhen = null;
        if (fields.TryGetValue("applies_when", out var ruleNode))
        {
            appliesWhen = Rule(ruleNode, questionnaire.Questions, "applies_when");
        }

        var riskClass = RiskClass(fields);
        if (isAiAct && riskClass is null && !fields.ContainsKey("risk_class"))
        {
            Error(node.Line, "every AI Act item needs a 'risk_class' (prohibited, high, limited or minimal)");
        }
        else if (!isAiAct && fields.TryGetValue("risk_class", out var riskNode))
        {
            Error(riskNode.Line, $"'risk_class' belongs only to items of {AiActId}.yaml");
        }

        return new ComplianceItem(id, requirement, reference, appliesWhen, riskClass, node.Line);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
