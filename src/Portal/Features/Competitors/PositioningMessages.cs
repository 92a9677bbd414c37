using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>Turns the maps' message keys, values and gap into text: their own keys live in PositioningText, the shared ones in UiStrings.</summary>
public static class PositioningMessages
{
    public static string Text(FieldError error, IStringLocalizer<PositioningText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Positioning.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>A refused map form's messages by field (Name, XAxis, YAxis), each field's joined into one text.</summary>
    public static Dictionary<string, string> ByField(InputRejectedException rejected, IStringLocalizer<PositioningText> text, IStringLocalizer<UiStrings> shared) =>
        rejected.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => Text(e, text, shared))));

    /// <summary>A position on an axis as the reader writes numbers, one decimal at most.</summary>
    public static string Value(double value) => value.ToString("0.#", CultureInfo.CurrentCulture);

    public static string Point(double x, double y, IStringLocalizer<PositioningText> text) => text["Positioning.Point", Value(x), Value(y)];

    /// <summary>The gap in words: "nobody is at low price / high model quality".</summary>
    public static string Gap(PositioningGap gap, PositioningMapView map, IStringLocalizer<PositioningText> text) =>
        text["Positioning.GapWords", text[$"Positioning.Level.{gap.XLevel}"], map.XAxis, text[$"Positioning.Level.{gap.YLevel}"], map.YAxis];
}
