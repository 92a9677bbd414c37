namespace Portal.ModelLab.Costs;

/// <summary>A noun written after a count, in the form the count needs: "1 epoch", "5 epochs".</summary>
/// <param name="Singular">The form after exactly 1.</param>
/// <param name="Plural">The form after any other count, 0 and fractions included; the same as <paramref name="Singular"/> in Chinese.</param>
public sealed record CountedNoun(string Singular, string Plural)
{
    /// <summary>The count as formulas write numbers, a space, and the noun: "60,000 samples", "1 epoch".</summary>
    public string Of(double count) => $"{CostFormat.Number(count)} {(count == 1 ? Singular : Plural)}";
}
