using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>Turns the research's message keys into text: its own keys live in ResearchText, the shared ones in UiStrings.</summary>
public static class ResearchMessages
{
    public static string Text(FieldError error, IStringLocalizer<ResearchText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Research.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>The errors of a refused save: those of <paramref name="fields"/> by field (the first of each), the rest in a list.</summary>
    public static (Dictionary<string, string> ByField, List<string> Loose) Split(InputRejectedException rejected, IReadOnlyCollection<string> fields, IStringLocalizer<ResearchText> text, IStringLocalizer<UiStrings> shared)
    {
        var byField = new Dictionary<string, string>();
        var loose = new List<string>();
        foreach (var error in rejected.Errors)
        {
            var message = Text(error, text, shared);
            if (fields.Contains(error.Field))
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
