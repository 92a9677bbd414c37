using System.Collections.Frozen;
using System.Text;

namespace Portal.Content.Rendering.PlainText;

/// <summary>
/// Reads TeX the way a person would write it in plain text, for search and its snippets: grouping braces
/// go, common commands become the symbols a reader knows (<c>\sum</c> → ∑, <c>\alpha</c> → α),
/// <c>\frac{a}{b}</c> becomes a/b and <c>e^{z_i}</c> e^(zᵢ). No backslash command survives: an unknown
/// one is dropped and its arguments read as plain groups.
/// </summary>
internal static class MathText
{
    private static readonly FrozenDictionary<string, string> Symbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["varepsilon"] = "ε",
        ["zeta"] = "ζ", ["eta"] = "η", ["theta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ",
        ["mu"] = "μ", ["nu"] = "ν", ["xi"] = "ξ", ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ",
        ["upsilon"] = "υ", ["phi"] = "φ", ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω",
        ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Xi"] = "Ξ", ["Pi"] = "Π",
        ["Sigma"] = "Σ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["sum"] = "∑", ["prod"] = "∏", ["int"] = "∫", ["partial"] = "∂", ["nabla"] = "∇", ["infty"] = "∞",
        ["dots"] = "…", ["ldots"] = "…", ["cdots"] = "⋯", ["lvert"] = "|", ["rvert"] = "|", ["vert"] = "|",
        ["lfloor"] = "⌊", ["rfloor"] = "⌋", ["lceil"] = "⌈", ["rceil"] = "⌉", ["langle"] = "⟨", ["rangle"] = "⟩",
        ["%"] = "%", ["{"] = "{", ["}"] = "}", ["$"] = "$", ["&"] = "&", ["_"] = "_", ["#"] = "#",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Relations and operators, spaced so that <c>a\times b</c> reads "a × b".</summary>
    private static readonly FrozenDictionary<string, string> Operators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["times"] = "×", ["cdot"] = "·", ["div"] = "÷", ["pm"] = "±", ["mp"] = "∓", ["approx"] = "≈", ["sim"] = "∼",
        ["le"] = "≤", ["leq"] = "≤", ["ge"] = "≥", ["geq"] = "≥", ["ne"] = "≠", ["neq"] = "≠", ["equiv"] = "≡",
        ["ll"] = "≪", ["gg"] = "≫", ["propto"] = "∝", ["in"] = "∈", ["notin"] = "∉", ["subset"] = "⊂",
        ["leftarrow"] = "←", ["gets"] = "←", ["rightarrow"] = "→", ["to"] = "→", ["Rightarrow"] = "⇒",
        ["Leftarrow"] = "⇐", ["Leftrightarrow"] = "⇔", ["implies"] = "⇒", ["mid"] = "|",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Functions = FrozenSet.Create(
        StringComparer.Ordinal, "log", "ln", "exp", "max", "min", "sup", "inf", "lim", "arg", "sin", "cos", "tan", "det", "Pr");

    /// <summary>Commands whose one argument is read as it stands.</summary>
    private static readonly FrozenSet<string> Styles = FrozenSet.Create(
        StringComparer.Ordinal, "text", "textrm", "textit", "textbf", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "operatorname", "boldsymbol");

    /// <summary>Spacing commands; <c>\!</c> (a negative space) is left out on purpose, it reads as nothing.</summary>
    private static readonly FrozenSet<string> Spaces = FrozenSet.Create(StringComparer.Ordinal, ",", ";", ":", " ", "\\", "quad", "qquad");

    private const string SuperscriptFrom = "0123456789+-=()ni";
    private const string SuperscriptTo = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ";
    private const string SubscriptFrom = "0123456789+-=()aeijkmnoprstux";
    private const string SubscriptTo = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₘₙₒₚᵣₛₜᵤₓ";

    /// <summary>Longer scripts in the small Unicode letters get hard to read; they keep ^( ) or _( ) instead.</summary>
    private const int MaxUnicodeScript = 2;

    public static string Readable(string tex)
    {
        ArgumentNullException.ThrowIfNull(tex);
        var reader = new Reader(tex);
        return PlainTextExtractor.Collapse(reader.Sequence(untilBrace: false));
    }

    private sealed class Reader(string tex)
    {
        private int position;

        public string Sequence(bool untilBrace)
        {
            var builder = new StringBuilder();
            while (position < tex.Length)
            {
                var c = tex[position];
                if (c == '}' && untilBrace)
                {
                    position++;
                    break;
                }

                builder.Append(Atom());
            }

            return builder.ToString();
        }

        /// <summary>One character, group, command with its arguments, or script.</summary>
        private string Atom()
        {
            var c = tex[position++];
            switch (c)
            {
                case '{':
                    return Sequence(untilBrace: true);
                case '}':
                    return "";
                case '\\':
                    return Command();
                case '^':
                    return Script(Argument(), '^', SuperscriptFrom, SuperscriptTo);
                case '_':
                    return Script(Argument(), '_', SubscriptFrom, SubscriptTo);
                case '&' or '~':
                    return " ";
                default:
                    return c.ToString();
            }
        }

        private string Command()
        {
            if (position >= tex.Length)
            {
                return "";
            }

            var start = position;
            if (char.IsAsciiLetter(tex[position]))
            {
                while (position < tex.Length && char.IsAsciiLetter(tex[position]))
                {
                    position++;
                }
            }
            else
            {
                position++;
            }

            var name = tex[start..position];
            if (Spaces.Contains(name))
            {
                return " ";
            }

            if (Symbols.TryGetValue(name, out var symbol))
            {
                // TeX ignores the spaces after a command word: \partial L reads ∂L. Before an
                // operator they stay, so that \alpha + \beta reads α + β.
                if (char.IsAsciiLetter(name[0]) && NextAfterSpaces() is var next && char.IsLetterOrDigit(next))
                {
                    SkipSpaces();
                }

                return symbol;
            }

            if (Operators.TryGetValue(name, out var op))
            {
                return $" {op} ";
            }

            if (Functions.Contains(name))
            {
                SkipSpaces();
                var next = position < tex.Length ? tex[position] : '\0';
                return next is '(' or '[' or '{' or '_' or '^' or '\0' ? name : name + " ";
            }

            if (Styles.Contains(name))
            {
                return Argument();
            }

            switch (name)
            {
                case "frac" or "dfrac" or "tfrac":
                    var numerator = Argument();
                    var denominator = Argument();
                    return $"{Operand(numerator)}/{Operand(denominator)}";
                case "sqrt":
                    return "√" + Operand(Argument());
                case "begin" or "end":
                    Argument();
                    return " ";
                default:
                    // \left, \bigl and the like only size the delimiter that follows; accents and
                    // unknown commands leave their arguments to be read as plain groups.
                    return "";
            }
        }

        /// <summary>The next group or single token, as TeX takes a command's argument.</summary>
        private string Argument()
        {
            SkipSpaces();
            return position < tex.Length ? Atom() : "";
        }

        private char NextAfterSpaces()
        {
            var i = position;
            while (i < tex.Length && tex[i] == ' ')
            {
                i++;
            }

            return i < tex.Length ? tex[i] : '\0';
        }

        private void SkipSpaces()
        {
            while (position < tex.Length && tex[position] == ' ')
            {
                position++;
            }
        }

        private static string Script(string content, char mark, string from, string to)
        {
            content = content.Trim();
            if (content.Length == 0)
            {
                return "";
            }

            if (content.Length <= MaxUnicodeScript && content.All(c => from.Contains(c, StringComparison.Ordinal)))
            {
                return string.Concat(content.Select(c => to[from.IndexOf(c, StringComparison.Ordinal)]));
            }

            return content.Length == 1 ? $"{mark}{content}" : $"{mark}({content})";
        }

        /// <summary>A fraction's part, bracketed when it is more than one term.</summary>
        private static string Operand(string text)
        {
            text = PlainTextExtractor.Collapse(text);
            return text.Any(c => c is ' ' or '+' or '-' or '−' or '/' or '×' or '·') ? $"({text})" : text;
        }
    }
}
