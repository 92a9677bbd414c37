using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap;

/// <summary>Turns the roadmap's message keys into text: its own keys live in RoadmapText, the shared ones in UiStrings.</summary>
public static class RoadmapMessages
{
    public static string Text(FieldError error, IStringLocalizer<RoadmapText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Roadmap.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];
}
