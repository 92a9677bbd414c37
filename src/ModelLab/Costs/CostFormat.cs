using System.Globalization;

namespace Portal.ModelLab.Costs;

/// <summary>
/// How numbers appear in formulas and summaries: grouped thousands, about four significant digits, never
/// an exponent, the same in English and Chinese (both write 1,234.5).
/// </summary>
internal static class CostFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return Raw(value);
        }

        var magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }

        if (magnitude >= 1e15)
        {
            return value.ToString("G4", Invariant);
        }

        if (value == Math.Floor(value))
        {
            return value.ToString("N0", Invariant);
        }

        if (magnitude >= 1000)
        {
            return value.ToString("#,##0.#", Invariant);
        }

        // Four significant digits: 0.08333, 1.389, 455.9.
        var decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(magnitude)), 1, 15);
        return value.ToString("#,##0." + new string('#', decimals), Invariant);
    }

    public static string Usd(double value) =>
        Math.Abs(value) >= 1 ? "US$" + value.ToString("N2", Invariant) : "US$" + Number(value);

    /// <summary>A price as given (up to six decimals), so a formula shows the same rate the user entered or the catalog lists.</summary>
    public static string Rate(double usd) => "US$" + usd.ToString("#,##0.######", Invariant);

    /// <summary>A value as given, for error messages, where rounding would hide what was wrong.</summary>
    public static string Raw(double value) => value.ToString("R", Invariant);

    public static string Raw(long value) => value.ToString(Invariant);
}
