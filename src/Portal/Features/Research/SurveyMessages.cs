using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>Turns the surveys' message keys into text: their own keys live in SurveyText, the shared ones in UiStrings.</summary>
public static class SurveyMessages
{
    public static string Text(FieldError error, IStringLocalizer<SurveyText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Survey.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>"Line 4: has 3 answers, but the header names 4 columns".</summary>
    public static string BadRow(SurveyBadRow row, IStringLocalizer<SurveyText> text) =>
        text["Survey.BadRow", row.Line, text[row.MessageKey, row.Arguments].Value];
}
