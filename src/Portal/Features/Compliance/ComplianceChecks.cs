using System.Text.Json;
using Portal.Content;
using Portal.Infrastructure;

namespace Portal.Features.Compliance;

/// <summary>
/// The checks every save of the compliance tool passes. Answers are checked against the questionnaire (codes are the same
/// in every language), each problem on its own field (<c>Answers.users_in</c>), so the page marks the very question.
/// </summary>
internal static class ComplianceChecks
{
    /// <summary>Returns the answers cleaned: each question once, its answer codes once each in the questionnaire's order, unanswered questions left out.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Answers(ComplianceQuestionnaire questionnaire, IReadOnlyDictionary<string, IReadOnlyList<string>>? answers)
    {
        var checks = new InputChecks();
        var clean = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (code, given) in answers ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var field = $"Answers.{code}";
            if (questionnaire.Question(code ?? "") is not { } question)
            {
                checks.Expect(false, field, "Compliance.Error.UnknownQuestion");
                continue;
            }

            var codes = (given ?? []).Distinct(StringComparer.Ordinal).ToList();
            var unknown = codes.Where(c => question.Option(c ?? "") is null).ToList();
            checks.Expect(unknown.Count == 0, field, "Compliance.Error.UnknownAnswer");
            checks.Expect(question.Kind == ComplianceQuestionKind.AnyOf || codes.Count <= 1, field, "Compliance.Error.OneAnswer");
            if (unknown.Count == 0 && codes.Count > 0)
            {
                clean[question.Code] = [.. question.Options.Select(o => o.Code).Where(codes.Contains)];
            }
        }

        checks.Expect(Write(clean).Length <= ComplianceProfile.AnswersMaxLength, "Answers", "Validation.TooLong", ComplianceProfile.AnswersMaxLength);
        checks.ThrowIfAny();
        return clean;
    }

    /// <summary>Returns the item's values trimmed.</summary>
    public static ComplianceItemInput Item(ComplianceItemInput input, bool ownerIsMember)
    {
        var checks = new InputChecks();
        var evidence = checks.Text(nameof(input.Evidence), input.Evidence, ComplianceItemState.EvidenceMaxLength);
        checks.Expect(Enum.IsDefined(input.Status), nameof(input.Status), "Validation.RequiredField");
        checks.Expect(!LooksLikeLink(evidence) || AsLink(evidence) is not null, nameof(input.Evidence), "Compliance.Error.EvidenceLink");
        checks.Expect(ownerIsMember, nameof(input.OwnerUserId), "Compliance.Error.OwnerNotMember");
        checks.ThrowIfAny();
        return input with { Evidence = evidence, OwnerUserId = string.IsNullOrEmpty(input.OwnerUserId) ? null : input.OwnerUserId };
    }

    /// <summary>The text as a link when it is one address and nothing else, http or https.</summary>
    public static Uri? AsLink(string? text) =>
        text is { Length: > 0 } && !text.Any(char.IsWhiteSpace) && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0
            ? uri
            : null;

    /// <summary>A text meant as an address (it has a scheme such as <c>https://</c> or <c>javascript:</c>) must be a good http(s) one.</summary>
    private static bool LooksLikeLink(string text) =>
        !text.Any(char.IsWhiteSpace)
        && (text.Contains("://", StringComparison.Ordinal)
            || text.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase));

    public static string Write(IReadOnlyDictionary<string, IReadOnlyList<string>> answers) =>
        JsonSerializer.Serialize(answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value.ToArray()), ComplianceJson.Options);

    /// <summary>The stored answers; a damaged record reads as no answers rather than breaking the page.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ReadAnswers(string json)
    {
        try
        {
            var read = JsonSerializer.Deserialize<Dictionary<string, string[]>>(string.IsNullOrWhiteSpace(json) ? "{}" : json, ComplianceJson.Options) ?? [];
            return read.Where(a => a.Value is { Length: > 0 }).ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, IReadOnlyList<string>>();
        }
    }

    public static ComplianceAnswers ToAnswers(IReadOnlyDictionary<string, IReadOnlyList<string>> answers) =>
        answers.Aggregate(ComplianceAnswers.Empty, (all, answer) => all.With(answer.Key, [.. answer.Value]));
}
