namespace Portal.ModelLab.Costs;

/// <summary>
/// Everything the model lab's cost panel shows for one trained model: training on this server (measured) and
/// on each hardware profile, a scaling table, a month of inference on each, and a one-line Markdown summary
/// for the business model canvas's cost structure.
/// </summary>
public sealed class CostReport
{
    private CostReport(
        FormulaValue trainingFlopsPerSample,
        IReadOnlyList<Estimate> training,
        IReadOnlyList<ScaledEstimate> scaling,
        IReadOnlyList<Estimate> monthlyInference,
        long trainSamples,
        int epochs,
        long requestsPerMonth,
        double samplesPerRequest)
    {
        TrainingFlopsPerSample = trainingFlopsPerSample;
        Training = training;
        Scaling = scaling;
        MonthlyInference = monthlyInference;
        TrainSamples = trainSamples;
        Epochs = epochs;
        RequestsPerMonth = requestsPerMonth;
        SamplesPerRequest = samplesPerRequest;
    }

    /// <summary>3 × forward FLOPs, with its formula.</summary>
    public FormulaValue TrainingFlopsPerSample { get; }

    /// <summary>One training run: this server (measured) first, then each hardware profile in the order given.</summary>
    public IReadOnlyList<Estimate> Training { get; }

    /// <summary>
    /// This server's training run at 1x, 10x data, 10x model and both. For another row of <see cref="Training"/>,
    /// call <see cref="CostModel.Scaled"/> with it.
    /// </summary>
    public IReadOnlyList<ScaledEstimate> Scaling { get; }

    /// <summary>A month of inference in compute hours: this server (measured) first, then each hardware profile.</summary>
    /// <remarks>Always-on instances are not modelled; see <see cref="CostModel.MonthlyInference(long, double, double, double, string)"/>.</remarks>
    public IReadOnlyList<Estimate> MonthlyInference { get; }

    public long TrainSamples { get; }

    public int Epochs { get; }

    public long RequestsPerMonth { get; }

    public double SamplesPerRequest { get; }

    public Estimate ServerTraining => Training[0];

    public Estimate ServerMonthlyInference => MonthlyInference[0];

    /// <summary>The hardware profile with the lowest monthly inference cost, or null when no profile was given.</summary>
    public Estimate? CheapestProfileMonthlyInference =>
        MonthlyInference.Count > 1 ? MonthlyInference.Skip(1).MinBy(estimate => estimate.CostUsd) : null;

    /// <summary>Builds the report; every input is checked as <see cref="CostModel"/> checks it.</summary>
    /// <param name="forwardFlops">FLOPs of one forward pass per sample, multiply-adds counted as 2.</param>
    /// <param name="measuredTrainingSamplesPerSecond">Training samples/s the trainer measured on this server.</param>
    /// <param name="measuredInferenceSamplesPerSecond">Inference samples/s measured on this server.</param>
    /// <param name="trainSamples">Training samples per epoch.</param>
    /// <param name="epochs">Epochs of one training run.</param>
    /// <param name="serverHourlyPriceUsd">What an hour of this server costs.</param>
    /// <param name="hardware">Profiles to compare, for example <see cref="HardwareCatalog.DefaultGpus"/>.</param>
    /// <param name="requestsPerMonth">Inference requests a month.</param>
    /// <param name="samplesPerRequest">Samples (images) in one request.</param>
    /// <param name="words">The language of the formulas; English by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number is negative, not positive where it must be, or not finite.</exception>
    /// <exception cref="ArgumentException">A hardware profile is invalid; the message names it and lists its problems.</exception>
    public static CostReport Create(
        long forwardFlops,
        double measuredTrainingSamplesPerSecond,
        double measuredInferenceSamplesPerSecond,
        long trainSamples,
        int epochs,
        double serverHourlyPriceUsd,
        IReadOnlyList<HardwareProfile> hardware,
        long requestsPerMonth,
        double samplesPerRequest = 1,
        FormulaWords? words = null)
    {
        words ??= FormulaWords.English;
        // Checked here, not only inside CostModel, so that a message names this method's inputs.
        CostModel.RequirePositive(forwardFlops, nameof(forwardFlops), "FLOPs of one forward pass");
        CostModel.RequirePositive(measuredTrainingSamplesPerSecond, nameof(measuredTrainingSamplesPerSecond), "training throughput measured on this server in samples/s");
        CostModel.RequirePositive(measuredInferenceSamplesPerSecond, nameof(measuredInferenceSamplesPerSecond), "inference throughput measured on this server in samples/s");
        CostModel.RequireNonNegative(trainSamples, nameof(trainSamples), "number of training samples");
        CostModel.RequireNonNegative(epochs, nameof(epochs), "number of epochs");
        CostModel.RequireNonNegative(serverHourlyPriceUsd, nameof(serverHourlyPriceUsd), "price of one hour of this server in US dollars");
        CostModel.RequireNonNegative(requestsPerMonth, nameof(requestsPerMonth), "number of requests a month");
        CostModel.RequireNonNegative(samplesPerRequest, nameof(samplesPerRequest), "number of samples in one request");
        ArgumentNullException.ThrowIfNull(hardware);
        for (var i = 0; i < hardware.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(hardware[i], $"{nameof(hardware)}[{i}]");
            hardware[i].EnsureValid($"{nameof(hardware)}[{i}]");
        }

        var flopsPerSample = CostModel.TrainingFlopsPerSample(forwardFlops, words);
        var serverTraining = CostModel.TrainingOnThisServer(measuredTrainingSamplesPerSecond, trainSamples, epochs, serverHourlyPriceUsd, words);
        Estimate[] training = [serverTraining, .. hardware.Select(profile => CostModel.TrainingOn(profile, forwardFlops, trainSamples, epochs, words))];
        Estimate[] inference =
        [
            CostModel.MonthlyInference(requestsPerMonth, samplesPerRequest, measuredInferenceSamplesPerSecond, serverHourlyPriceUsd, words: words),
            .. hardware.Select(profile => CostModel.MonthlyInference(requestsPerMonth, samplesPerRequest, profile, forwardFlops, words)),
        ];
        return new(flopsPerSample, training, CostModel.Scaled(serverTraining, words: words), inference, trainSamples, epochs, requestsPerMonth, samplesPerRequest);
    }

    /// <summary>
    /// One line of Markdown for the canvas's cost structure: the monthly compute estimate on this server, the
    /// cheapest profile's, and one training run. <paramref name="culture"/> "zh", "zh-CN" or any "zh-…" gives
    /// Chinese; anything else English.
    /// </summary>
    public string SummaryLine(string culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var chinese = culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var server = ServerMonthlyInference;
        var cheapest = CheapestProfileMonthlyInference;
        var words = chinese ? FormulaWords.Chinese : FormulaWords.English;
        var requests = words.Requests.Of(RequestsPerMonth);
        var perRequest = words.SamplesPerRequest.Of(SamplesPerRequest);
        var hours = CostFormat.Number(server.Hours);
        var price = CostFormat.Rate(server.HourlyPriceUsd);
        var samples = words.Samples.Of(TrainSamples);
        var epochs = words.Epochs.Of(Epochs);
        var training = CostFormat.Usd(ServerTraining.CostUsd);

        return chinese
            ? $"**模型算力（每月）：** 约 {CostFormat.Usd(server.CostUsd)}，{requests} × 每次 {perRequest}（本服务器 {hours} 计算小时 × {price}/小时）"
                + (cheapest is null ? "" : $"；所列硬件中最低：{cheapest.Hardware} {CostFormat.Usd(cheapest.CostUsd)}")
                + $"；训练一次（{samples} × {epochs}）：{training}。仅计纯计算时长，不含常驻实例费用。"
            : $"**Model compute (monthly):** about {CostFormat.Usd(server.CostUsd)} for {requests} × {perRequest} ({hours} compute hours on this server × {price}/h)"
                + (cheapest is null ? "" : $"; cheapest listed hardware: {cheapest.Hardware} {CostFormat.Usd(cheapest.CostUsd)}")
                + $"; one training run ({samples} × {epochs}): {training}. Compute hours only; always-on instances not included.";
    }
}
