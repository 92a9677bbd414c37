namespace Portal.ModelLab.Costs;

/// <summary>
/// What training and serving a model costs, from its FLOPs and measured throughput: pure functions, each
/// returning the numbers and the formula with the numbers substituted.
/// </summary>
/// <remarks>
/// The model is linear in FLOPs: time = work / throughput and throughput = effective FLOP/s / FLOPs per sample,
/// so 10 times the data or 10 times the FLOPs per sample take 10 times the hours and cost. Bad inputs (negative
/// counts, a throughput that is not positive, NaN or infinity) throw <see cref="ArgumentOutOfRangeException"/>
/// naming the input and the rule it broke.
/// </remarks>
public static class CostModel
{
    public const double SecondsPerHour = 3600;

    /// <summary>How many times the forward pass's FLOPs one training step costs per sample.</summary>
    /// <remarks>
    /// Rule of thumb: the backward pass computes gradients with respect to both the activations and the weights,
    /// each about as costly as the forward pass, so backward ≈ 2 × forward and a training step ≈ 3 × forward
    /// (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", section 2.1: C ≈ 6N per token = 3 × 2N).
    /// The optimizer's update is per parameter, not per sample, and is left out.
    /// </remarks>
    public const int TrainingToForwardRatio = 3;

    /// <summary>FLOPs of one training step per sample: 3 × the forward FLOPs (multiply-adds counted as 2 FLOPs).</summary>
    public static FormulaValue TrainingFlopsPerSample(long forwardFlops, FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        RequirePositive(forwardFlops, nameof(forwardFlops), "FLOPs of one forward pass");
        if (forwardFlops > long.MaxValue / TrainingToForwardRatio)
        {
            throw new ArgumentOutOfRangeException(nameof(forwardFlops), forwardFlops, $"{nameof(forwardFlops)} is {CostFormat.Raw(forwardFlops)}, too large to triple.");
        }

        var training = forwardFlops * TrainingToForwardRatio;
        return new(training, $"{TrainingToForwardRatio} × {Flop(forwardFlops)} = {Flop(training)}{words.BackwardNote}");
    }

    /// <summary>Training samples/s on a profile: peak × 10¹² × utilization / (3 × forward FLOPs).</summary>
    public static FormulaValue TrainingThroughput(HardwareProfile hardware, long forwardFlops, FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        ArgumentNullException.ThrowIfNull(hardware);
        hardware.EnsureValid(nameof(hardware));
        var perSample = TrainingFlopsPerSample(forwardFlops).Value;
        var samplesPerSecond = hardware.EffectiveFlopsPerSecond / perSample;
        return new(samplesPerSecond, $"{PeakTimesUtilization(hardware)} / ({TrainingToForwardRatio} × {Flop(forwardFlops)}) = {SamplesPerSecond(samplesPerSecond, words)}");
    }

    /// <summary>Inference samples/s on a profile: peak × 10¹² × utilization / forward FLOPs.</summary>
    public static FormulaValue InferenceThroughput(HardwareProfile hardware, long forwardFlops, FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        ArgumentNullException.ThrowIfNull(hardware);
        hardware.EnsureValid(nameof(hardware));
        RequirePositive(forwardFlops, nameof(forwardFlops), "FLOPs of one forward pass");
        var samplesPerSecond = hardware.EffectiveFlopsPerSecond / forwardFlops;
        return new(samplesPerSecond, $"{PeakTimesUtilization(hardware)} / {Flop(forwardFlops)} = {SamplesPerSecond(samplesPerSecond, words)}");
    }

    /// <summary>Training on this server at the throughput the trainer measured: samples × epochs / samples/s, then × price.</summary>
    public static Estimate TrainingOnThisServer(double measuredSamplesPerSecond, long trainSamples, int epochs, double hourlyPriceUsd, FormulaWords? words = null)
    {
        RequirePositive(measuredSamplesPerSecond, nameof(measuredSamplesPerSecond), "measured training throughput in samples/s");
        words ??= FormulaWords.English;
        return Training(HardwareCatalog.ThisServerName, measuredSamplesPerSecond, words.Measured, trainSamples, epochs, hourlyPriceUsd, prefix: "", words);
    }

    /// <summary>Training on a hardware profile: throughput from peak × utilization, then samples × epochs / throughput, then × price.</summary>
    /// <remarks>The formula is the formula: no floor keeps a GPU from being estimated slower or faster than this server.</remarks>
    public static Estimate TrainingOn(HardwareProfile hardware, long forwardFlops, long trainSamples, int epochs, FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        var throughput = TrainingThroughput(hardware, forwardFlops, words);
        return Training(hardware.Name, throughput.Value, "", trainSamples, epochs, hardware.HourlyPriceUsd,
            prefix: $"{words.TrainingThroughput} = {throughput.Formula}{words.Separator}", words);
    }

    /// <summary>
    /// A training estimate with more data, a bigger model, and both: the rows 1x, <paramref name="dataFactor"/>x
    /// data, <paramref name="modelFactor"/>x model, and both together. Under the linear FLOPs model the data factor
    /// multiplies hours and cost, and the model factor divides the throughput, so it multiplies them too.
    /// </summary>
    public static IReadOnlyList<ScaledEstimate> Scaled(Estimate baseline, double dataFactor = 10, double modelFactor = 10, FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        ArgumentNullException.ThrowIfNull(baseline);
        RequirePositive(dataFactor, nameof(dataFactor), "factor on the number of training samples");
        RequirePositive(modelFactor, nameof(modelFactor), "factor on the FLOPs per sample");
        RequirePositive(baseline.SamplesPerSecond, nameof(baseline) + "." + nameof(Estimate.SamplesPerSecond), "throughput of the baseline estimate");
        RequireNonNegative(baseline.Hours, nameof(baseline) + "." + nameof(Estimate.Hours), "hours of the baseline estimate");
        RequireNonNegative(baseline.HourlyPriceUsd, nameof(baseline) + "." + nameof(Estimate.HourlyPriceUsd), "hourly price of the baseline estimate");

        var data = $"{CostFormat.Number(dataFactor)}x data";
        var model = $"{CostFormat.Number(modelFactor)}x model";
        return
        [
            new("1x", 1, 1, baseline),
            Scale(baseline, data, dataFactor, 1, words),
            Scale(baseline, model, 1, modelFactor, words),
            Scale(baseline, $"{data}, {model}", dataFactor, modelFactor, words),
        ];
    }

    /// <summary>
    /// A month of inference at a throughput measured on this server: requests × samples per request /
    /// samples/s / 3,600 s/h compute hours, × the hourly price.
    /// </summary>
    /// <remarks>
    /// Pure compute hours: the minimum number of always-on instances (a server kept running to answer requests
    /// as they come, idle most of the month) is not modelled. An always-on machine costs its hourly price × about
    /// 730 hours a month, whatever this estimate says.
    /// </remarks>
    public static Estimate MonthlyInference(long requestsPerMonth, double samplesPerRequest, double inferenceSamplesPerSecond, double hourlyPriceUsd,
        string hardware = HardwareCatalog.ThisServerName, FormulaWords? words = null)
    {
        RequirePositive(inferenceSamplesPerSecond, nameof(inferenceSamplesPerSecond), "inference throughput in samples/s");
        ArgumentException.ThrowIfNullOrWhiteSpace(hardware);
        return Inference(hardware, inferenceSamplesPerSecond, requestsPerMonth, samplesPerRequest, hourlyPriceUsd, prefix: "", words ?? FormulaWords.English);
    }

    /// <summary>A month of inference on a hardware profile, its throughput from peak × utilization / forward FLOPs.</summary>
    /// <remarks>Pure compute hours: the minimum number of always-on instances is not modelled.</remarks>
    public static Estimate MonthlyInference(long requestsPerMonth, double samplesPerRequest, HardwareProfile hardware, long forwardFlops, FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        var throughput = InferenceThroughput(hardware, forwardFlops, words);
        return Inference(hardware.Name, throughput.Value, requestsPerMonth, samplesPerRequest, hardware.HourlyPriceUsd,
            prefix: $"{words.InferenceThroughput} = {throughput.Formula}{words.Separator}", words);
    }

    private static Estimate Training(string hardware, double samplesPerSecond, string throughputNote, long trainSamples, int epochs, double hourlyPriceUsd, string prefix,
        FormulaWords words)
    {
        RequireNonNegative(trainSamples, nameof(trainSamples), "number of training samples");
        RequireNonNegative(epochs, nameof(epochs), "number of epochs");
        RequireNonNegative(hourlyPriceUsd, nameof(hourlyPriceUsd), "price of one hour in US dollars");

        var seconds = (double)trainSamples * epochs / samplesPerSecond;
        var hours = seconds / SecondsPerHour;
        var cost = hours * hourlyPriceUsd;
        var formula = $"{prefix}{words.Time} = {words.Samples.Of(trainSamples)} × {words.Epochs.Of(epochs)} / {SamplesPerSecond(samplesPerSecond, words)}{throughputNote} "
            + $"= {CostFormat.Number(seconds)} {words.Seconds} = {Hours(hours, words)}{words.Separator}{words.Cost} = {Hours(hours, words)} × {PerHour(hourlyPriceUsd, words)} = {CostFormat.Usd(cost)}";
        return new(hardware, samplesPerSecond, hours, hourlyPriceUsd, cost, formula);
    }

    private static Estimate Inference(string hardware, double samplesPerSecond, long requestsPerMonth, double samplesPerRequest, double hourlyPriceUsd, string prefix,
        FormulaWords words)
    {
        RequireNonNegative(requestsPerMonth, nameof(requestsPerMonth), "number of requests a month");
        RequireNonNegative(samplesPerRequest, nameof(samplesPerRequest), "number of samples in one request");
        RequireNonNegative(hourlyPriceUsd, nameof(hourlyPriceUsd), "price of one hour in US dollars");

        var hours = requestsPerMonth * samplesPerRequest / samplesPerSecond / SecondsPerHour;
        var cost = hours * hourlyPriceUsd;
        var formula = $"{prefix}{words.ComputeHours} = {words.Requests.Of(requestsPerMonth)} × {words.SamplesPerRequest.Of(samplesPerRequest)} / {SamplesPerSecond(samplesPerSecond, words)} "
            + $"/ {CostFormat.Number(SecondsPerHour)} {words.SecondsPerHour} = {Hours(hours, words)}{words.Separator}{words.Cost} = {Hours(hours, words)} × {PerHour(hourlyPriceUsd, words)} = {CostFormat.Usd(cost)}{words.AMonth}";
        return new(hardware, samplesPerSecond, hours, hourlyPriceUsd, cost, formula);
    }

    private static ScaledEstimate Scale(Estimate baseline, string scenario, double dataFactor, double modelFactor, FormulaWords words)
    {
        var samplesPerSecond = baseline.SamplesPerSecond / modelFactor;
        var hours = baseline.Hours * dataFactor * modelFactor;
        var cost = hours * baseline.HourlyPriceUsd;
        var formula = $"{words.Throughput} = {SamplesPerSecond(baseline.SamplesPerSecond, words)} / {CostFormat.Number(modelFactor)}{words.Model} = {SamplesPerSecond(samplesPerSecond, words)}{words.Separator}"
            + $"{words.Time} = {Hours(baseline.Hours, words)} × {CostFormat.Number(dataFactor)}{words.Data} × {CostFormat.Number(modelFactor)}{words.Model} = {Hours(hours, words)}{words.Separator}"
            + $"{words.Cost} = {Hours(hours, words)} × {PerHour(baseline.HourlyPriceUsd, words)} = {CostFormat.Usd(cost)}";
        return new(scenario, dataFactor, modelFactor, baseline with { SamplesPerSecond = samplesPerSecond, Hours = hours, CostUsd = cost, Formula = formula });
    }

    private static string PeakTimesUtilization(HardwareProfile hardware) =>
        $"{CostFormat.Number(hardware.PeakTensorTflops)} × 10¹² FLOP/s × {CostFormat.Number(hardware.Utilization)}";

    private static string Flop(double flops) => $"{CostFormat.Number(flops)} FLOP";

    private static string SamplesPerSecond(double value, FormulaWords words) => $"{CostFormat.Number(value)} {words.SamplesPerSecond}";

    private static string Hours(double value, FormulaWords words) => $"{CostFormat.Number(value)} {words.Hours}";

    private static string PerHour(double usd, FormulaWords words) => $"{CostFormat.Rate(usd)}/{words.Hours}";

    internal static void RequirePositive(double value, string name, string what)
    {
        if (!(double.IsFinite(value) && value > 0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} (the {what}) must be a positive finite number; got {CostFormat.Raw(value)}.");
        }
    }

    internal static void RequireNonNegative(double value, string name, string what)
    {
        if (!(double.IsFinite(value) && value >= 0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} (the {what}) must be zero or more and finite; got {CostFormat.Raw(value)}.");
        }
    }

    internal static void RequirePositive(long value, string name, string what)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} (the {what}) must be positive; got {CostFormat.Raw(value)}.");
        }
    }

    internal static void RequireNonNegative(long value, string name, string what)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} (the {what}) must be zero or more; got {CostFormat.Raw(value)}.");
        }
    }
}
