using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Kpis;

/// <summary>Turns the service's message keys into text: the tracker's own keys live in KpiText, the shared ones in UiStrings.</summary>
public static class KpiMessages
{
    public static string Text(string key, object[] arguments, IStringLocalizer<KpiText> kpiText, IStringLocalizer<UiStrings> shared) =>
        key.StartsWith("Kpi.", StringComparison.Ordinal) ? kpiText[key, arguments] : shared[key, arguments];

    public static string Text(FieldError error, IStringLocalizer<KpiText> kpiText, IStringLocalizer<UiStrings> shared) =>
        Text(error.MessageKey, error.Arguments, kpiText, shared);

    /// <summary>A number as the reader writes it, without noise digits.</summary>
    public static string Number(double value) => value.ToString("#,##0.####", CultureInfo.CurrentCulture);

    /// <summary>A figure the portal works out (a planned value), to two decimals: more would be noise, not precision.</summary>
    public static string Computed(double value) => value.ToString("#,##0.##", CultureInfo.CurrentCulture);

    public static string Percent(double share) =>
        double.IsFinite(share) ? (share * 100).ToString("#,##0.#", CultureInfo.CurrentCulture) + "%" : "∞";
}
