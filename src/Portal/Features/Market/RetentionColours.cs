using System.Globalization;

namespace Portal.Features.Market;

/// <summary>
/// The heat map's fills: from a pale tint at 0 % to a mid blue at 100 %, always under dark text, so the numbers inside
/// read alike in the light and the dark theme (as the risk heat map's pale fills do).
/// </summary>
public static class RetentionColours
{
    public const string Text = "#1a1a1a";

    public const string Low = "#f3f7fc";

    public const string High = "#5b9bd5";

    /// <summary>The fill of a cell at <paramref name="percent"/> (clamped to 0–100), mixed in sRGB between <see cref="Low"/> and <see cref="High"/>.</summary>
    public static string Fill(double percent)
    {
        var t = Math.Clamp(double.IsFinite(percent) ? percent : 0, 0, 100) / 100;
        byte Mix(int index)
        {
            var low = Convert.ToByte(Low.Substring(1 + (2 * index), 2), 16);
            var high = Convert.ToByte(High.Substring(1 + (2 * index), 2), 16);
            return (byte)Math.Round(low + ((high - low) * t));
        }

        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(0):x2}{Mix(1):x2}{Mix(2):x2}");
    }

    /// <summary>An inline style for a cell at <paramref name="percent"/>.</summary>
    public static string Style(double percent) => $"background-color: {Fill(percent)}; color: {Text};";
}
