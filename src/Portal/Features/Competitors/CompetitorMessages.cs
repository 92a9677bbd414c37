using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>Turns the competitors tool's message keys into text: its own keys live in CompetitorText, the shared ones in UiStrings.</summary>
public static class CompetitorMessages
{
    public static string Text(FieldError error, IStringLocalizer<CompetitorText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Competitor.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>The errors of a refused save: the first of each field by field, those of no field the page shows in a list.</summary>
    public static (Dictionary<string, string> ByField, List<string> Loose) Split(InputRejectedException rejected, IReadOnlyCollection<string> fields, IStringLocalizer<CompetitorText> text, IStringLocalizer<UiStrings> shared)
    {
        var byField = new Dictionary<string, string>();
        var loose = new List<string>();
        foreach (var error in rejected.Errors)
        {
            var message = Text(error, text, shared);
            if (fields.Contains(error.Field) || error.Field.StartsWith("Sources.", StringComparison.Ordinal))
            {
                byField.TryAdd(error.Field, message);
            }
            else
            {
                loose.Add(message);
            }
        }

        return (byField, loose);
    }
}
