namespace Portal.Features.Risks;

/// <summary>
/// The one place a severity band gets its colour: the heat map's cells, its keyboard table and the score pills all
/// read it here, so they cannot disagree. The same pale fills serve both themes, always under dark text.
/// </summary>
public static class RiskBandColours
{
    public const string Text = "#222222";

    public static string Fill(RiskBand band) => band switch
    {
        RiskBand.Low => "#c8e6c9",
        RiskBand.Medium => "#fff59d",
        RiskBand.High => "#ffcc80",
        _ => "#ef9a9a",
    };

    /// <summary>An inline style for an element that shows a band.</summary>
    public static string Style(RiskBand band) => $"background-color: {Fill(band)}; color: {Text};";

    /// <summary>
    /// A Plotly colour scale on which a cell whose z is the band's number (<see cref="RiskBand.Low"/> = 0 to
    /// <see cref="RiskBand.Critical"/> = 3, with zmin 0 and zmax 3) takes exactly that band's fill.
    /// </summary>
    public static object PlotlyScale()
    {
        var bands = Enum.GetValues<RiskBand>();
        return bands.Select(band => (object)new object[] { (double)(int)band / (bands.Length - 1), Fill(band) }).ToArray();
    }
}
