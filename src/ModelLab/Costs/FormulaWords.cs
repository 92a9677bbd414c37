namespace Portal.ModelLab.Costs;

/// <summary>The words and units a cost formula is written with, so that a Chinese page shows a Chinese formula.</summary>
public sealed record FormulaWords(
    string Time,
    string Cost,
    CountedNoun Samples,
    CountedNoun Epochs,
    string Measured,
    string TrainingThroughput,
    string InferenceThroughput,
    string Throughput,
    string ComputeHours,
    CountedNoun Requests,
    CountedNoun SamplesPerRequest,
    string AMonth,
    string Data,
    string Model,
    string SamplesPerSecond,
    string Seconds,
    string Hours,
    string SecondsPerHour,
    string BackwardNote,
    string Separator)
{
    public static FormulaWords English { get; } = new(
        Time: "time",
        Cost: "cost",
        Samples: new("sample", "samples"),
        Epochs: new("epoch", "epochs"),
        Measured: " (measured)",
        TrainingThroughput: "training throughput",
        InferenceThroughput: "inference throughput",
        Throughput: "throughput",
        ComputeHours: "compute hours",
        Requests: new("request", "requests"),
        SamplesPerRequest: new("sample", "samples"),
        AMonth: " a month",
        Data: " (data)",
        Model: " (model)",
        SamplesPerSecond: "samples/s",
        Seconds: "s",
        Hours: "h",
        SecondsPerHour: "s/h",
        BackwardNote: " (forward + backward ≈ forward + 2 × forward)",
        Separator: "; ");

    // A Chinese noun reads the same after any count.
    public static FormulaWords Chinese { get; } = new(
        Time: "时间",
        Cost: "成本",
        Samples: new("个样本", "个样本"),
        Epochs: new("轮", "轮"),
        Measured: "（实测）",
        TrainingThroughput: "训练吞吐量",
        InferenceThroughput: "推理吞吐量",
        Throughput: "吞吐量",
        ComputeHours: "计算小时",
        Requests: new("次请求", "次请求"),
        SamplesPerRequest: new("个样本", "个样本"),
        AMonth: "（每月）",
        Data: "（数据）",
        Model: "（模型）",
        SamplesPerSecond: "样本/秒",
        Seconds: "秒",
        Hours: "小时",
        SecondsPerHour: "秒/小时",
        BackwardNote: "（前向 + 反向 ≈ 前向 + 2 × 前向）",
        Separator: "；");

    /// <summary>Chinese for "zh", "zh-CN" or any "zh-…"; English otherwise.</summary>
    public static FormulaWords For(string culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
    }
}
