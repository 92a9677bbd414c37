using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Decisions;

/// <summary>Turns the decisions' message keys and sensitivities into text: their own keys live in DecisionText, the shared ones in UiStrings.</summary>
public static class DecisionMessages
{
    public static string Text(FieldError error, IStringLocalizer<DecisionText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Decision.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>A suggested criterion in the reader's language, the team's own by its name.</summary>
    public static string CriterionName(string? code, string name, IStringLocalizer<DecisionText> text) =>
        code is null ? name : text[$"Decision.Criterion.{code}"];

    public static string Total(decimal? total) => total is { } t ? t.ToString("0.00", CultureInfo.CurrentCulture) : "–";

    /// <summary>
    /// A criterion's sensitivity in plain words: the first whole weight past the breakpoint and who leads there, or
    /// that the leader holds at every weight. A breakpoint at the end of the scale (no whole weight past it) is a draw.
    /// </summary>
    public static IReadOnlyList<string> Sensitivity(CriterionSensitivity sensitivity, string criterion, Func<Guid, string> optionName, IStringLocalizer<DecisionText> text)
    {
        if (sensitivity.LeaderHolds)
        {
            return [text["Decision.Sensitivity.Holds", criterion]];
        }

        List<string> sentences = [];
        foreach (var (breakpoint, up) in new[] { (sensitivity.Up, true), (sensitivity.Down, false) })
        {
            if (breakpoint is null)
            {
                continue;
            }

            var leaders = string.Join(text["Decision.Sensitivity.And"], breakpoint.Leaders.Select(optionName));
            var past = up ? (int)Math.Floor(breakpoint.Weight) + 1 : (int)Math.Ceiling(breakpoint.Weight) - 1;
            var direction = up ? "Up" : "Down";
            sentences.Add(past is >= 0 and <= DecisionCriterion.MaxWeight
                ? text[$"Decision.Sensitivity.{direction}", criterion, sensitivity.Weight, past, leaders]
                : text[$"Decision.Sensitivity.{direction}Level", criterion, sensitivity.Weight, breakpoint.Weight.ToString("0.#", CultureInfo.CurrentCulture), leaders]);
        }

        return sentences;
    }
}
