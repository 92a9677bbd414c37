using System.Globalization;

namespace Portal.Content;

/// <summary>
/// The field readers of <see cref="ComplianceFileReader"/>: each reads one key of a mapping, reports what is missing
/// or malformed with its line, and returns a harmless value so that reading goes on and finds every problem at once.
/// </summary>
internal sealed partial class ComplianceFileReader
{
    private YamlTreeMapping? Root(string text)
    {
        var root = YamlTree.Parse(text, out var problem);
        if (problem is { } p)
        {
            Error(p.Line, p.Message);
            return null;
        }

        if (root is not YamlTreeMapping mapping)
        {
            Error(root?.Line ?? 1, "the file must be a set of 'key: value' lines");
            return null;
        }

        return mapping;
    }

    /// <summary>The keys of a mapping with their values; reports unknown and repeated keys and a node that is not a mapping.</summary>
    private Dictionary<string, YamlTreeNode> Fields(YamlTreeNode node, string[] keys, string what)
    {
        var fields = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        if (node is not YamlTreeMapping mapping)
        {
            Error(node.Line, $"{what} must be a set of 'key: value' lines");
            return fields;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (!keys.Contains(key.Value))
            {
                Error(key.Line, $"unknown key '{key.Value}' in {what} (expected {string.Join(", ", keys)})");
            }
            else if (!fields.TryAdd(key.Value, value))
            {
                Error(key.Line, $"key '{key.Value}' appears twice");
            }
        }

        return fields;
    }

    private YamlTreeNode? Required(Dictionary<string, YamlTreeNode> fields, string key, int line)
    {
        if (fields.TryGetValue(key, out var value))
        {
            return value;
        }

        Error(line, $"missing required key '{key}'");
        return null;
    }

    private string Text(Dictionary<string, YamlTreeNode> fields, string key, int line)
    {
        if (Required(fields, key, line) is not { } node)
        {
            return "";
        }

        if (node is not YamlTreeScalar { Value: var value } || string.IsNullOrWhiteSpace(value))
        {
            Error(node.Line, $"'{key}' must be a non-empty text value");
            return "";
        }

        return value.Trim();
    }

    private string? OptionalText(Dictionary<string, YamlTreeNode> fields, string key) =>
        fields.ContainsKey(key) ? Text(fields, key, 0) is { Length: > 0 } text ? text : null : null;

    private string Code(Dictionary<string, YamlTreeNode> fields, string key, int line)
    {
        var code = Text(fields, key, line);
        if (code.Length > 0 && !ComplianceRule.IsValidCode(code))
        {
            Error(fields[key].Line, $"'{code}' is not a valid code: use lower-case letters, digits and '_', starting with a letter, and not a rule keyword");
            return "";
        }

        return code;
    }

    private int Number(Dictionary<string, YamlTreeNode> fields, string key, int line)
    {
        var text = Text(fields, key, line);
        if (text.Length == 0)
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            Error(fields[key].Line, $"'{key}' must be a positive whole number, not '{text}'");
            return 0;
        }

        return number;
    }

    private DateOnly Date(Dictionary<string, YamlTreeNode> fields, string key, int line)
    {
        var text = Text(fields, key, line);
        if (text.Length == 0)
        {
            return default;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Error(fields[key].Line, $"'{key}' must be a date written YYYY-MM-DD, not '{text}'");
            return default;
        }

        return date;
    }

    private AiRiskClass? RiskClass(Dictionary<string, YamlTreeNode> fields)
    {
        if (!fields.ContainsKey("risk_class"))
        {
            return null;
        }

        var text = Text(fields, "risk_class", 0);
        if (!RiskClasses.TryGetValue(text, out var riskClass))
        {
            if (text.Length > 0)
            {
                Error(fields["risk_class"].Line, $"'risk_class' must be one of {string.Join(", ", RiskClasses.Keys)}, not '{text}'");
            }

            return null;
        }

        return riskClass;
    }

    /// <summary>Parses a rule and checks each condition against <paramref name="questions"/>: the code exists, the operator fits its kind and the answers are its own.</summary>
    private ComplianceRule? Rule(YamlTreeNode node, IReadOnlyList<ComplianceQuestion>? questions, string key)
    {
        if (node is not YamlTreeScalar { Value: var text } || string.IsNullOrWhiteSpace(text))
        {
            Error(node.Line, $"'{key}' must be a rule such as 'personal_data = yes' or 'always'");
            return null;
        }

        if (ComplianceRule.Parse(text, out var problem) is not { } rule)
        {
            Error(node.Line, $"'{key}' is not a valid rule: {problem}");
            return null;
        }

        return questions is null || Check(rule, node, questions, key) ? rule : null;
    }

    private bool Check(ComplianceRule rule, YamlTreeNode node, IReadOnlyList<ComplianceQuestion> questions, string key)
    {
        var valid = true;
        foreach (var condition in rule.Conditions)
        {
            var question = questions.FirstOrDefault(q => q.Code == condition.QuestionCode);
            if (question is null)
            {
                Error(node.Line, key == "ask_when"
                    ? $"'{key}' refers to '{condition.QuestionCode}', which is not a question asked before this one"
                    : $"'{key}' refers to unknown question code '{condition.QuestionCode}'");
                valid = false;
                continue;
            }

            var multiple = question.Kind == ComplianceQuestionKind.AnyOf;
            if (multiple != (condition.Operator == "has"))
            {
                Error(node.Line, multiple
                    ? $"'{condition}': '{question.Code}' allows several answers; test it with 'has'"
                    : $"'{condition}': 'has' is for multiple-choice questions; test '{question.Code}' with =, != or in");
                valid = false;
            }

            foreach (var value in condition.Values.Where(v => question.Option(v) is null))
            {
                Error(node.Line, $"'{condition}': '{question.Code}' has no answer '{value}' (its answers are {string.Join(", ", question.Options.Select(o => o.Code))})");
                valid = false;
            }
        }

        return valid;
    }
}
