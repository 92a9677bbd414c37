namespace Portal.ModelLab.Costs;

/// <summary>A number the cost model derived, with the formula that gave it, numbers substituted.</summary>
/// <param name="Value">The result.</param>
/// <param name="Formula">For example "3 × 1,776,384 FLOP = 5,329,152 FLOP".</param>
public sealed record FormulaValue(double Value, string Formula);

/// <summary>How long a piece of work takes on one machine and what it costs, with the formula beside the numbers.</summary>
/// <param name="Hardware">The machine's name.</param>
/// <param name="SamplesPerSecond">The throughput used: measured on this server, derived from peak × utilization elsewhere.</param>
/// <param name="Hours">Compute hours.</param>
/// <param name="HourlyPriceUsd">The price of one hour of the machine.</param>
/// <param name="CostUsd">Hours × hourly price.</param>
/// <param name="Formula">Every step with the numbers substituted, for the UI to show beside the result.</param>
public sealed record Estimate(string Hardware, double SamplesPerSecond, double Hours, double HourlyPriceUsd, double CostUsd, string Formula)
{
    public double Seconds => Hours * CostModel.SecondsPerHour;
}

/// <summary>One row of a scaling table: a training estimate with more data, a bigger model, or both.</summary>
/// <param name="Scenario">For example "1x", "10x data", "10x model", "10x data, 10x model".</param>
/// <param name="DataFactor">How many times more training samples.</param>
/// <param name="ModelFactor">How many times more FLOPs per sample.</param>
/// <param name="Estimate">The scaled estimate.</param>
public sealed record ScaledEstimate(string Scenario, double DataFactor, double ModelFactor, Estimate Estimate);
