using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>Turns the market tool's message keys and figures into text: its own keys live in MarketText, the shared ones in UiStrings.</summary>
public static class MarketMessages
{
    public static string Text(FieldError error, IStringLocalizer<MarketText> text, IStringLocalizer<UiStrings> shared) =>
        error.MessageKey.StartsWith("Market.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];

    /// <summary>The errors of a refused save: those of <paramref name="fields"/> by field (the first of each), the rest in a list.</summary>
    public static (Dictionary<string, string> ByField, List<string> Loose) Split(InputRejectedException rejected, IReadOnlyCollection<string> fields, IStringLocalizer<MarketText> text, IStringLocalizer<UiStrings> shared)
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

    /// <summary>US dollars in the reader's number format: "USD 1,234.50"; a dash for none.</summary>
    public static string Usd(decimal? amount) =>
        amount is { } a ? string.Create(CultureInfo.CurrentCulture, $"USD {a:N2}") : "–";

    /// <summary>Customers a month, to one decimal place when not whole.</summary>
    public static string Customers(double customers) => customers.ToString("#,0.#", CultureInfo.CurrentCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(double value) => value.ToString("0.##", CultureInfo.CurrentCulture);
}
