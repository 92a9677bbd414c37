using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>Turns the growth tools' message keys and numbers into text in the reader's language and culture.</summary>
public static class GrowthMessages
{
    public static string Text(FieldError error, IStringLocalizer<GrowthText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Growth.", StringComparison.Ordinal)
            ? text[error.MessageKey, error.Arguments.Select(Argument).ToArray()]
            : shared[error.MessageKey, error.Arguments];

    public static string Stage(FunnelStageKind stage, IStringLocalizer<GrowthText> text) => text[$"Growth.Stage.{stage}"];

    /// <summary>A whole count of people, grouped as the reader's culture groups digits.</summary>
    public static string Count(double? value) => value is { } v ? v.ToString("#,0.##", CultureInfo.CurrentCulture) : "–";

    public static string Percent(double? value, IStringLocalizer<GrowthText> text) =>
        value is { } v ? text["Growth.Percent", v.ToString("0.#", CultureInfo.CurrentCulture)] : text["Growth.Funnel.NoConversion"];

    /// <summary>US dollars with cents (four decimals below a cent, as inference costs often are).</summary>
    public static string Usd(decimal? value, IStringLocalizer<GrowthText> text)
    {
        if (value is not { } v)
        {
            return "–";
        }

        // The sign before the dollar sign: -$0.50, not $-0.50.
        var amount = Math.Abs(v);
        var digits = text["Growth.Usd", amount.ToString(amount != 0 && amount < 0.01m ? "#,0.0000" : "#,0.00", CultureInfo.CurrentCulture)].Value;
        return v < 0 ? CultureInfo.CurrentCulture.NumberFormat.NegativeSign + digits : digits;
    }

    public static string Usd(double value, IStringLocalizer<GrowthText> text) => Usd((decimal)value, text);

    public static string Ratio(decimal? value) => value is { } v ? v.ToString("0.0#", CultureInfo.CurrentCulture) : "–";

    public static string Months(decimal? value, IStringLocalizer<GrowthText> text) =>
        value is { } v ? text["Growth.Economics.Months", v.ToString("0.#", CultureInfo.CurrentCulture)] : text["Growth.Economics.Never"];

    public static string Date(DateOnly? date) => date?.ToString("d", CultureInfo.CurrentCulture) ?? "";

    /// <summary>The stored numbers of the funnel in one line, for a conflict: "Acquisition 1,000 · Activation 400 · …".</summary>
    public static string Summary(FunnelView funnel, IStringLocalizer<GrowthText> text) =>
        string.Join(" · ", funnel.Stages.Select(s => $"{Stage(s.Stage, text)} {Count(s.Value)}"));

    private static object Argument(object argument) => argument switch
    {
        long l => l.ToString("#,0", CultureInfo.CurrentCulture),
        decimal d => d.ToString("#,0.##", CultureInfo.CurrentCulture),
        _ => argument,
    };
}
