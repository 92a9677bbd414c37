using System.Text;

namespace Portal.Content;

/// <summary>
/// A condition on the answers to the compliance questions, written in the small rule language documented in
/// <c>content/compliance/README.md</c>: <c>always</c>, or conditions such as <c>personal_data = yes</c>,
/// <c>ccpa_role != neither</c>, <c>ai_role in (provider, both)</c>, <c>users_in has eu</c> and
/// <c>users_in has (eu, china)</c> (any of them) joined with
/// <c>and</c>, <c>or</c>, <c>not</c> and parentheses (<c>not</c> binds tightest, then <c>and</c>, then <c>or</c>).
/// </summary>
public sealed class ComplianceRule
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "and", "or", "not", "in", "has", "always" };

    private readonly Node root;

    private ComplianceRule(string text, Node root, string canonical, IReadOnlyList<ComplianceCondition> conditions)
    {
        Text = text;
        this.root = root;
        Canonical = canonical;
        Conditions = conditions;
    }

    /// <summary>The rule that always holds.</summary>
    public static ComplianceRule Always { get; } = new("always", new AlwaysNode(), "always", []);

    /// <summary>The rule as written in the file.</summary>
    public string Text { get; }

    /// <summary>The rule with its words separated by single spaces, so that rules written differently but alike compare equal.</summary>
    public string Canonical { get; }

    /// <summary>Every condition the rule contains, in the order written, so a loader can check codes and values against the questions.</summary>
    public IReadOnlyList<ComplianceCondition> Conditions { get; }

    /// <summary>Whether the rule is <c>always</c>.</summary>
    public bool IsAlways => root is AlwaysNode;

    /// <summary>Whether the rule holds for <paramref name="answers"/>. An unanswered question makes <c>=</c>, <c>in</c> and <c>has</c> false (and so <c>!=</c> true).</summary>
    public bool Evaluate(ComplianceAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return root.Evaluate(answers);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Parses a rule; returns null and a message when the text is not a rule.</summary>
    public static ComplianceRule? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        List<string> tokens;
        try
        {
            tokens = Tokenize(text);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }

        if (tokens.Count == 0)
        {
            error = "the rule is empty";
            return null;
        }

        if (tokens is ["always"])
        {
            return new ComplianceRule(text, new AlwaysNode(), "always", []);
        }

        var position = 0;
        var conditions = new List<ComplianceCondition>();
        try
        {
            var node = ParseOr(tokens, ref position, conditions);
            if (position < tokens.Count)
            {
                throw new FormatException($"unexpected '{tokens[position]}' after a complete rule");
            }

            return new ComplianceRule(text, node, string.Join(' ', tokens), conditions);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Whether <paramref name="code"/> may name a question or an option: lower-case letters, digits and '_', starting with a letter, not a keyword.</summary>
    public static bool IsValidCode(string code) =>
        !string.IsNullOrEmpty(code) && code[0] is >= 'a' and <= 'z'
        && code.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') && !Keywords.Contains(code);

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',' or '=')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '!' && i + 1 < text.Length && text[i + 1] == '=')
            {
                tokens.Add("!=");
                i += 2;
            }
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_')
            {
                var start = i;
                while (i < text.Length && text[i] is >= 'a' and <= 'z' or >= '0' and <= '9' or '_')
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new FormatException($"unexpected character '{c}' (codes are lower-case words joined by '_'; operators are =, !=, in, has, and, or, not)");
            }
        }

        return tokens;
    }

    private static Node ParseOr(List<string> tokens, ref int position, List<ComplianceCondition> conditions)
    {
        var left = ParseAnd(tokens, ref position, conditions);
        while (position < tokens.Count && tokens[position] == "or")
        {
            position++;
            left = new OrNode(left, ParseAnd(tokens, ref position, conditions));
        }

        return left;
    }

    private static Node ParseAnd(List<string> tokens, ref int position, List<ComplianceCondition> conditions)
    {
        var left = ParseUnary(tokens, ref position, conditions);
        while (position < tokens.Count && tokens[position] == "and")
        {
            position++;
            left = new AndNode(left, ParseUnary(tokens, ref position, conditions));
        }

        return left;
    }

    private static Node ParseUnary(List<string> tokens, ref int position, List<ComplianceCondition> conditions)
    {
        var token = Next(tokens, ref position, "a condition");
        if (token == "not")
        {
            return new NotNode(ParseUnary(tokens, ref position, conditions));
        }

        if (token == "(")
        {
            var inner = ParseOr(tokens, ref position, conditions);
            Expect(tokens, ref position, ")");
            return inner;
        }

        if (token == "always")
        {
            throw new FormatException("'always' must be the whole rule");
        }

        if (!IsValidCode(token))
        {
            throw new FormatException($"expected a question code, found '{token}'");
        }

        var op = Next(tokens, ref position, $"an operator (=, !=, in, has) after '{token}'");
        ComplianceCondition condition;
        switch (op)
        {
            case "=" or "!=":
                condition = new ComplianceCondition(token, op, [Value(tokens, ref position)]);
                break;
            case "has" when position < tokens.Count && tokens[position] != "(":
                condition = new ComplianceCondition(token, op, [Value(tokens, ref position)]);
                break;
            case "in" or "has":
                Expect(tokens, ref position, "(");
                var values = new List<string> { Value(tokens, ref position) };
                while (position < tokens.Count && tokens[position] == ",")
                {
                    position++;
                    values.Add(Value(tokens, ref position));
                }

                Expect(tokens, ref position, ")");
                condition = new ComplianceCondition(token, op, values);
                break;
            default:
                throw new FormatException($"expected an operator (=, !=, in, has) after '{token}', found '{op}'");
        }

        conditions.Add(condition);
        return new ConditionNode(condition);
    }

    private static string Value(List<string> tokens, ref int position)
    {
        var value = Next(tokens, ref position, "an answer code");
        return IsValidCode(value) ? value : throw new FormatException($"expected an answer code, found '{value}'");
    }

    private static string Next(List<string> tokens, ref int position, string expected) =>
        position < tokens.Count ? tokens[position++] : throw new FormatException($"the rule ends where {expected} was expected");

    private static void Expect(List<string> tokens, ref int position, string token)
    {
        var found = Next(tokens, ref position, $"'{token}'");
        if (found != token)
        {
            throw new FormatException($"expected '{token}', found '{found}'");
        }
    }

    private abstract class Node
    {
        public abstract bool Evaluate(ComplianceAnswers answers);
    }

    private sealed class AlwaysNode : Node
    {
        public override bool Evaluate(ComplianceAnswers answers) => true;
    }

    private sealed class NotNode(Node inner) : Node
    {
        public override bool Evaluate(ComplianceAnswers answers) => !inner.Evaluate(answers);
    }

    private sealed class AndNode(Node left, Node right) : Node
    {
        public override bool Evaluate(ComplianceAnswers answers) => left.Evaluate(answers) && right.Evaluate(answers);
    }

    private sealed class OrNode(Node left, Node right) : Node
    {
        public override bool Evaluate(ComplianceAnswers answers) => left.Evaluate(answers) || right.Evaluate(answers);
    }

    private sealed class ConditionNode(ComplianceCondition condition) : Node
    {
        public override bool Evaluate(ComplianceAnswers answers)
        {
            var given = answers.Get(condition.QuestionCode);
            return condition.Operator switch
            {
                "!=" => !given.Contains(condition.Values[0]),
                _ => condition.Values.Any(given.Contains),
            };
        }
    }
}

/// <summary>One comparison inside a <see cref="ComplianceRule"/>.</summary>
/// <param name="QuestionCode">The question it reads.</param>
/// <param name="Operator"><c>=</c>, <c>!=</c>, <c>in</c> (for yes/no and single-choice questions) or <c>has</c> (for multiple-choice ones).</param>
/// <param name="Values">The answer codes it compares with: one, or several for <c>in</c> and <c>has (...)</c>, which hold when any of them is given.</param>
public sealed record ComplianceCondition(string QuestionCode, string Operator, IReadOnlyList<string> Values)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder(QuestionCode).Append(' ').Append(Operator).Append(' ');
        return (Values.Count > 1 || Operator == "in" ? text.Append('(').Append(string.Join(", ", Values)).Append(')') : text.Append(Values[0])).ToString();
    }
}
