using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Compliance;

/// <summary>Turns the compliance tool's message keys into text: its own keys live in ComplianceText, the shared ones in UiStrings.</summary>
public static class ComplianceMessages
{
    public static string Text(FieldError error, IStringLocalizer<ComplianceText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Compliance.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];
}
