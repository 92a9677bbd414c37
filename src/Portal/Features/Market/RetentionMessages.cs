using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>Turns the retention tool's message keys into text: its own keys live in RetentionText, the shared ones in UiStrings.</summary>
public static class RetentionMessages
{
    public static string Text(FieldError error, IStringLocalizer<RetentionText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Retention.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>"Line 4: m2 is “abc”, not a whole number".</summary>
    public static string BadRow(RetentionBadRow row, IStringLocalizer<RetentionText> text) =>
        text["Retention.BadRow", row.Line, text[row.MessageKey, row.Arguments].Value];

    /// <summary>"4 cohorts · 1 month", as the list and the open set show it.</summary>
    public static string Summary(RetentionSetView set, IStringLocalizer<RetentionText> text) =>
        $"{text.Counted("Retention.Cohorts", set.Cohorts, set.Cohorts)} · {text.Counted("Retention.Months", set.Months, set.Months)}";
}
