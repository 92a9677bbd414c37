using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.ModelLab.Data;
using Portal.ModelLab.Models;

namespace Portal.Features.ModelLab;

/// <summary>How the lab writes numbers, durations and spec problems for people.</summary>
public static class LabFormat
{
    /// <summary>FLOPs with an SI prefix: 1.82 M, 3.4 G.</summary>
    public static string Flops(double flops) => flops switch
    {
        >= 1e12 => $"{flops / 1e12:0.##} T",
        >= 1e9 => $"{flops / 1e9:0.##} G",
        >= 1e6 => $"{flops / 1e6:0.##} M",
        >= 1e3 => $"{flops / 1e3:0.##} k",
        _ => flops.ToString("0", CultureInfo.CurrentCulture),
    };

    /// <summary>A duration rounded to the unit that reads best, in the localizer's language.</summary>
    public static string Duration(IStringLocalizer localizer, double seconds) => seconds switch
    {
        < 1 => localizer["Duration.UnderASecond"],
        < 90 => localizer["Duration.Seconds", seconds.ToString("0", CultureInfo.CurrentCulture)],
        < 5400 => localizer["Duration.Minutes", (seconds / 60).ToString("0", CultureInfo.CurrentCulture)],
        < 172_800 => localizer["Duration.Hours", (seconds / 3600).ToString("0.#", CultureInfo.CurrentCulture)],
        _ => localizer["Duration.Days", (seconds / 86400).ToString("0.#", CultureInfo.CurrentCulture)],
    };

    /// <summary>Bytes as megabytes with one decimal at most, as limits are stated to people.</summary>
    public static double Megabytes(long bytes) => Math.Round(bytes / (1024.0 * 1024), 1);

    public static string Percent(double? fraction) => fraction is { } value ? value.ToString("P1", CultureInfo.CurrentCulture) : "—";

    /// <summary>A refused input's message: the lab's own text, or the portal's shared validation text.</summary>
    public static string Error(IStringLocalizer lab, IStringLocalizer shared, Portal.Infrastructure.FieldError error)
    {
        var text = lab[error.MessageKey, error.Arguments];
        return text.ResourceNotFound ? shared[error.MessageKey, error.Arguments] : text;
    }

    /// <summary>
    /// Class names as the reader sees them: Fashion-MNIST's in the page's language, any other set's as given. Only for
    /// display: the model, its evaluation and its export keep the data set's own names.
    /// </summary>
    public static IReadOnlyList<string> ClassNames(IStringLocalizer localizer, IReadOnlyList<string> names) =>
        names.SequenceEqual(LabelledImageSet.FashionMnistClasses)
            ? [.. names.Select((name, index) => localizer[$"FashionClass.{index}"] is { ResourceNotFound: false } text ? text.Value : name)]
            : names;

    /// <summary>A spec problem in the reader's language, from its code and arguments; the engine's English if the code is unknown.</summary>
    public static string Problem(IStringLocalizer localizer, SpecProblem problem)
    {
        var text = localizer[$"SpecError.{problem.Code}", [.. problem.Arguments]];
        var message = text.ResourceNotFound ? problem.Message : text.Value;
        return problem.LayerIndex is { } index ? localizer["SpecError.AtLayer", index + 1, message] : message;
    }
}
