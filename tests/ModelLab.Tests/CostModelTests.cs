using Portal.ModelLab.Costs;

namespace Portal.ModelLab.Tests;

public sealed class CostModelTests
{
    // The guide's CNN (shared/peers/cnn_pytorch.py): Conv2d(1,32,3), MaxPool2d(2), Linear(32*13*13,128), Linear(128,10).
    // Parameters: 32*9+32 + 5408*128+128 + 128*10+10 = 320 + 692,352 + 1,290 = 693,962.
    // Forward FLOPs, a multiply-add counted as 2 (biases, ReLU and pooling left out):
    //   conv 26*26*32 outputs * 9 MACs * 2 = 389,376; fc1 5408*128 * 2 = 1,384,448; fc2 128*10 * 2 = 2,560.
    private const long ForwardFlops = 389_376 + 1_384_448 + 2_560; // 1,776,384
    private const long TrainingFlops = 3 * ForwardFlops; // 5,329,152
    private const long TrainSamples = 60_000;
    private const int Epochs = 5;
    private const double ServerPrice = 0.11592;

    private static readonly HardwareProfile T4 = HardwareCatalog.DefaultGpus.Single(gpu => gpu.Name.Contains("T4", StringComparison.Ordinal));
    private static readonly HardwareProfile L4 = HardwareCatalog.DefaultGpus.Single(gpu => gpu.Name.Contains("L4", StringComparison.Ordinal));

    [Fact]
    public void The_forward_flops_of_the_guides_cnn_add_up()
    {
        Assert.Equal(1_776_384, ForwardFlops);
        Assert.Equal(693_962, (32 * 9) + 32 + (5408 * 128) + 128 + (128 * 10) + 10);
    }

    [Fact]
    public void A_training_step_costs_three_forward_passes()
    {
        var flops = CostModel.TrainingFlopsPerSample(ForwardFlops);

        Assert.Equal(5_329_152, flops.Value);
        Assert.StartsWith("3 × 1,776,384 FLOP = 5,329,152 FLOP", flops.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_on_this_server_divides_samples_times_epochs_by_the_measured_throughput()
    {
        var estimate = CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, ServerPrice);

        // 60,000 × 5 / 1,000 = 300 s = 0.08333 h; 0.08333 h × US$0.11592/h = US$0.009660.
        Assert.Equal(300, estimate.Seconds, 9);
        Assert.Equal(300.0 / 3600, estimate.Hours, 12);
        Assert.Equal(0.00966, estimate.CostUsd, 9);
        Assert.Equal(1_000, estimate.SamplesPerSecond);
        Assert.Equal(HardwareCatalog.ThisServerName, estimate.Hardware);
        Assert.Contains("60,000 samples × 5 epochs / 1,000 samples/s (measured) = 300 s = 0.08333 h", estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("0.08333 h × US$0.11592/h = US$0.00966", estimate.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_of_one_takes_the_singular_in_english_and_chinese_has_one_form()
    {
        var oneEpoch = CostModel.TrainingOnThisServer(1_000, 54_000, 1, ServerPrice);
        var twoEpochs = CostModel.TrainingOnThisServer(1_000, 54_000, 2, ServerPrice);
        var oneSample = CostModel.TrainingOnThisServer(1_000, 1, 1, ServerPrice);
        var oneRequest = CostModel.MonthlyInference(1, 1, 4_000, ServerPrice);
        var chinese = CostModel.TrainingOnThisServer(1_000, 54_000, 1, ServerPrice, FormulaWords.Chinese);

        Assert.Contains("time = 54,000 samples × 1 epoch / ", oneEpoch.Formula, StringComparison.Ordinal);
        Assert.Contains("time = 54,000 samples × 2 epochs / ", twoEpochs.Formula, StringComparison.Ordinal);
        Assert.Contains("time = 1 sample × 1 epoch / ", oneSample.Formula, StringComparison.Ordinal);
        Assert.Contains("compute hours = 1 request × 1 sample / ", oneRequest.Formula, StringComparison.Ordinal);
        Assert.Contains("时间 = 54,000 个样本 × 1 轮 / ", chinese.Formula, StringComparison.Ordinal);
        Assert.Equal("0 epochs", FormulaWords.English.Epochs.Of(0));
        Assert.Equal("1.5 samples", FormulaWords.English.SamplesPerRequest.Of(1.5));
    }

    [Fact]
    public void The_summary_line_of_a_one_epoch_run_says_epoch()
    {
        var report = CostReport.Create(ForwardFlops, 1_000, 4_000, TrainSamples, 1, ServerPrice, [], 1, samplesPerRequest: 1);

        Assert.Contains("for 1 request × 1 sample (", report.SummaryLine("en"), StringComparison.Ordinal);
        Assert.Contains("one training run (60,000 samples × 1 epoch)", report.SummaryLine("en"), StringComparison.Ordinal);
        Assert.Contains("1 次请求 × 每次 1 个样本", report.SummaryLine("zh-CN"), StringComparison.Ordinal);
        Assert.Contains("训练一次（60,000 个样本 × 1 轮）", report.SummaryLine("zh-CN"), StringComparison.Ordinal);
    }

    // The peaks changed from FP32 to dense FP16/BF16 tensor cores (issue 13): the T4's 8.1 became 65, the L4's 30.3 became 121.
    [Fact]
    public void Gpu_training_throughput_is_peak_times_utilization_over_three_forward_passes()
    {
        var throughput = CostModel.TrainingThroughput(T4, ForwardFlops);
        var estimate = CostModel.TrainingOn(T4, ForwardFlops, TrainSamples, Epochs);

        // 65e12 × 0.3 / 5,329,152 = 19.5e12 / 5,329,152 ≈ 3,659,118.7 samples/s.
        var expected = 65e12 * 0.3 / TrainingFlops;
        Assert.Equal(3_659_118.7, expected, 0.1);
        Assert.Equal(expected, throughput.Value, 6);
        Assert.Equal(expected, estimate.SamplesPerSecond, 6);
        Assert.Equal("65 × 10¹² FLOP/s × 0.3 / (3 × 1,776,384 FLOP) = 3,659,118.7 samples/s", throughput.Formula);

        // 300,000 samples / 3,659,118.7 samples/s = 0.08199 s = 0.00002277 h; × US$0.526/h = US$0.00001198.
        Assert.Equal(TrainSamples * Epochs / expected / 3600, estimate.Hours, 15);
        Assert.Equal(estimate.Hours * 0.526, estimate.CostUsd, 15);
        Assert.Contains("training throughput = 65 × 10¹² FLOP/s × 0.3 / (3 × 1,776,384 FLOP) = 3,659,118.7 samples/s", estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("60,000 samples × 5 epochs / 3,659,118.7 samples/s = 0.08199 s = 0.00002277 h", estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("× US$0.526/h = US$0.00001198", estimate.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpus_rank_by_their_mixed_precision_training_throughput()
    {
        var speeds = HardwareCatalog.DefaultGpus.ToDictionary(gpu => gpu.Name.Split(' ')[1], gpu => CostModel.TrainingThroughput(gpu, ForwardFlops).Value);

        Assert.True(speeds["H100"] > speeds["A100"]);
        Assert.True(speeds["A100"] > speeds["L4"] && speeds["A100"] > speeds["A10G"]);
        Assert.True(speeds["L4"] > speeds["T4"] && speeds["A10G"] > speeds["T4"]);
        Assert.All(HardwareCatalog.DefaultGpus, gpu => Assert.Contains("tensor cores", gpu.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void A_formula_can_be_written_in_chinese()
    {
        var estimate = CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, ServerPrice, FormulaWords.Chinese);
        var gpu = CostModel.MonthlyInference(10_000_000, 2, L4, ForwardFlops, FormulaWords.For("zh-CN"));

        Assert.Equal("时间 = 60,000 个样本 × 5 轮 / 1,000 样本/秒（实测） = 300 秒 = 0.08333 小时；成本 = 0.08333 小时 × US$0.11592/小时 = US$0.00966", estimate.Formula);
        Assert.StartsWith("推理吞吐量 = 121 × 10¹² FLOP/s × 0.3 / 1,776,384 FLOP = ", gpu.Formula, StringComparison.Ordinal);
        Assert.EndsWith("（每月）", gpu.Formula, StringComparison.Ordinal);
        Assert.DoesNotContain("samples", gpu.Formula, StringComparison.Ordinal);
        Assert.Same(FormulaWords.English, FormulaWords.For("en"));
    }

    [Fact]
    public void Gpu_inference_throughput_is_peak_times_utilization_over_one_forward_pass()
    {
        var throughput = CostModel.InferenceThroughput(L4, ForwardFlops);

        // 121e12 × 0.3 / 1,776,384 = 36.3e12 / 1,776,384 ≈ 20,434,770.9 samples/s.
        Assert.Equal(36.3e12 / 1_776_384, throughput.Value, 6);
        Assert.Equal("121 × 10¹² FLOP/s × 0.3 / 1,776,384 FLOP = 20,434,770.9 samples/s", throughput.Formula);
    }

    [Fact]
    public void Ten_times_the_data_or_the_model_takes_ten_times_the_time_and_cost()
    {
        var baseline = CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, ServerPrice);

        var table = CostModel.Scaled(baseline, dataFactor: 10, modelFactor: 10);

        Assert.Equal(["1x", "10x data", "10x model", "10x data, 10x model"], table.Select(row => row.Scenario));
        Assert.Same(baseline, table[0].Estimate);
        Assert.Equal(0.8333333, table[1].Estimate.Hours, 6);
        Assert.Equal(0.0966, table[1].Estimate.CostUsd, 9);
        Assert.Equal(1_000, table[1].Estimate.SamplesPerSecond);
        Assert.Equal(0.8333333, table[2].Estimate.Hours, 6);
        Assert.Equal(0.0966, table[2].Estimate.CostUsd, 9);
        Assert.Equal(100, table[2].Estimate.SamplesPerSecond);
        Assert.Equal(8.333333, table[3].Estimate.Hours, 5);
        Assert.Equal(0.966, table[3].Estimate.CostUsd, 9);
        Assert.Contains("time = 0.08333 h × 10 (data) × 10 (model) = 8.333 h", table[3].Estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("= US$0.966", table[3].Estimate.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void Scaling_a_gpu_estimate_matches_estimating_the_bigger_job_directly()
    {
        var baseline = CostModel.TrainingOn(T4, ForwardFlops, TrainSamples, Epochs);

        var table = CostModel.Scaled(baseline);

        var moreData = CostModel.TrainingOn(T4, ForwardFlops, TrainSamples * 10, Epochs);
        var biggerModel = CostModel.TrainingOn(T4, ForwardFlops * 10, TrainSamples, Epochs);
        Assert.Equal(moreData.Hours, table[1].Estimate.Hours, 15);
        Assert.Equal(moreData.CostUsd, table[1].Estimate.CostUsd, 15);
        Assert.Equal(biggerModel.SamplesPerSecond, table[2].Estimate.SamplesPerSecond, 6);
        Assert.Equal(biggerModel.CostUsd, table[2].Estimate.CostUsd, 15);
        Assert.Equal(baseline.CostUsd * 100, table[3].Estimate.CostUsd, 15);
    }

    [Fact]
    public void Monthly_inference_is_requests_times_samples_over_throughput_in_hours_times_price()
    {
        var estimate = CostModel.MonthlyInference(10_000_000, 2, 4_000, ServerPrice);

        // 10,000,000 × 2 / 4,000 = 5,000 s = 1.3889 h; × US$0.11592/h = US$0.1610.
        Assert.Equal(5_000.0 / 3600, estimate.Hours, 12);
        Assert.Equal(0.161, estimate.CostUsd, 9);
        Assert.Contains("10,000,000 requests × 2 samples / 4,000 samples/s / 3,600 s/h = 1.389 h", estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("1.389 h × US$0.11592/h = US$0.161 a month", estimate.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void Monthly_inference_on_a_gpu_uses_its_derived_throughput_and_price()
    {
        var estimate = CostModel.MonthlyInference(10_000_000, 2, L4, ForwardFlops);

        var throughput = 36.3e12 / ForwardFlops;
        Assert.Equal(20_000_000 / throughput / 3600, estimate.Hours, 15);
        Assert.Equal(estimate.Hours * 0.7068, estimate.CostUsd, 15);
        Assert.StartsWith("inference throughput = 121 × 10¹² FLOP/s × 0.3 / 1,776,384 FLOP = 20,434,770.9 samples/s; ", estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("10,000,000 requests × 2 samples / 20,434,770.9 samples/s", estimate.Formula, StringComparison.Ordinal);
        Assert.Contains("× US$0.7068/h = ", estimate.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_appears_in_the_formula_as_listed()
    {
        var a100 = HardwareCatalog.DefaultGpus.Single(gpu => gpu.Name.Contains("A100", StringComparison.Ordinal));

        var estimate = CostModel.MonthlyInference(1_000, 1, a100, ForwardFlops);

        Assert.Contains("× US$3.6734/h = ", estimate.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_default_gpu_is_valid_and_sourced_with_its_published_tensor_core_peak()
    {
        var gpus = HardwareCatalog.DefaultGpus;

        // Dense FP16/BF16 tensor-core TFLOPS from the vendor's datasheet or specification page, halved where only "with
        // sparsity" is given; the A10G's from the datasheet NVIDIA and AWS published for it, not the A10's 125.
        var peaks = new Dictionary<string, double> { ["T4"] = 65, ["L4"] = 121, ["A10G"] = 70, ["A100"] = 312, ["H100"] = 989 };
        Assert.True(gpus.Count >= 5);
        foreach (var (chip, peak) in peaks)
        {
            var gpu = gpus.Single(g => g.Name.Contains(chip + " ", StringComparison.Ordinal));
            Assert.Equal(peak, gpu.PeakTensorTflops);
            Assert.Equal(chip, gpu.SourceKey);
            Assert.Contains($" {peak} TFLOPS dense", gpu.Source, StringComparison.Ordinal);
        }

        Assert.Contains("NVIDIA_AWS_A10G_DataSheet", gpus.Single(g => g.SourceKey == "A10G").Source, StringComparison.Ordinal);

        Assert.All(gpus, gpu =>
        {
            Assert.Empty(gpu.Validate());
            Assert.Equal(HardwareCatalog.DefaultGpuUtilization, gpu.Utilization);
            Assert.True(gpu.HourlyPriceUsd > 0);
            Assert.StartsWith("Peak: ", gpu.Source, StringComparison.Ordinal);
            Assert.Contains("Price: ", gpu.Source, StringComparison.Ordinal);
            Assert.Contains("https://", gpu.Source[..gpu.Source.IndexOf("Price: ", StringComparison.Ordinal)], StringComparison.Ordinal);
            Assert.Matches(@"as listed .*20\d\d", gpu.Source);
        });
    }

    [Fact]
    public void This_server_is_valid_with_its_default_or_a_given_price()
    {
        var byDefault = HardwareCatalog.ThisServer();
        var paid = HardwareCatalog.ThisServer(0.2);
        var free = HardwareCatalog.ThisServer(0);

        Assert.Empty(byDefault.Validate());
        Assert.Equal(0.11592, byDefault.HourlyPriceUsd);
        Assert.Equal(0.2, paid.HourlyPriceUsd);
        Assert.Empty(free.Validate());
        Assert.Contains("m7a.large", byDefault.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_profile_lists_every_problem()
    {
        var profile = new HardwareProfile(" ", 0, 1.5, -1, "");

        var errors = profile.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains("Name is required.", errors);
        Assert.Contains(errors, e => e.StartsWith("Peak tensor TFLOPS must be a positive number; got 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("more than 0 and at most 1; got 1.5", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hourly price must be zero or more", StringComparison.Ordinal));
        Assert.Single(new HardwareProfile("X", double.NaN, 0.3, 1, "").Validate());
        Assert.Single(new HardwareProfile("X", 1, 0, 1, "").Validate());
    }

    [Fact]
    public void An_invalid_profile_is_refused_by_name()
    {
        var broken = T4 with { Utilization = 0 };

        var error = Assert.Throws<ArgumentException>(() => CostModel.TrainingOn(broken, ForwardFlops, TrainSamples, Epochs));

        Assert.Equal("hardware", error.ParamName);
        Assert.Contains("NVIDIA T4 (AWS g4dn.xlarge)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Utilization", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action> BadInputs => new()
    {
        { "measuredSamplesPerSecond", () => CostModel.TrainingOnThisServer(0, TrainSamples, Epochs, ServerPrice) },
        { "measuredSamplesPerSecond", () => CostModel.TrainingOnThisServer(double.NaN, TrainSamples, Epochs, ServerPrice) },
        { "trainSamples", () => CostModel.TrainingOnThisServer(1_000, -1, Epochs, ServerPrice) },
        { "epochs", () => CostModel.TrainingOnThisServer(1_000, TrainSamples, -1, ServerPrice) },
        { "hourlyPriceUsd", () => CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, -0.1) },
        { "hourlyPriceUsd", () => CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, double.PositiveInfinity) },
        { "forwardFlops", () => CostModel.TrainingFlopsPerSample(0) },
        { "forwardFlops", () => CostModel.TrainingOn(T4, -5, TrainSamples, Epochs) },
        { "forwardFlops", () => CostModel.InferenceThroughput(T4, 0) },
        { "requestsPerMonth", () => CostModel.MonthlyInference(-1, 1, 4_000, ServerPrice) },
        { "samplesPerRequest", () => CostModel.MonthlyInference(1, double.NaN, 4_000, ServerPrice) },
        { "inferenceSamplesPerSecond", () => CostModel.MonthlyInference(1, 1, -4_000, ServerPrice) },
        { "dataFactor", () => CostModel.Scaled(CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, ServerPrice), dataFactor: 0) },
        { "modelFactor", () => CostModel.Scaled(CostModel.TrainingOnThisServer(1_000, TrainSamples, Epochs, ServerPrice), modelFactor: double.NaN) },
        { "measuredTrainingSamplesPerSecond", () => CostReport.Create(ForwardFlops, -1, 4_000, TrainSamples, Epochs, ServerPrice, [], 1_000) },
        { "measuredInferenceSamplesPerSecond", () => CostReport.Create(ForwardFlops, 1_000, 0, TrainSamples, Epochs, ServerPrice, [], 1_000) },
        { "serverHourlyPriceUsd", () => CostReport.Create(ForwardFlops, 1_000, 4_000, TrainSamples, Epochs, double.NaN, [], 1_000) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void A_bad_input_is_refused_with_a_message_naming_it(string input, Action call)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(call);

        Assert.Equal(input, error.ParamName);
        Assert.StartsWith(input + " (the ", error.Message, StringComparison.Ordinal);
        Assert.Contains("; got ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_holds_every_row_the_ui_shows()
    {
        var report = Report();

        Assert.Equal(5_329_152, report.TrainingFlopsPerSample.Value);
        Assert.Equal(1 + HardwareCatalog.DefaultGpus.Count, report.Training.Count);
        Assert.Equal(1 + HardwareCatalog.DefaultGpus.Count, report.MonthlyInference.Count);
        Assert.Equal(HardwareCatalog.ThisServerName, report.ServerTraining.Hardware);
        Assert.Equal(0.00966, report.ServerTraining.CostUsd, 9);
        Assert.Equal(HardwareCatalog.DefaultGpus.Select(g => g.Name), report.Training.Skip(1).Select(e => e.Hardware));
        Assert.Equal(4, report.Scaling.Count);
        Assert.Equal(0.966, report.Scaling[3].Estimate.CostUsd, 9);
        Assert.Equal(0.161, report.ServerMonthlyInference.CostUsd, 9);
        // US$ per sample = price / (peak × utilization): on tensor-core peaks the H100 has the lowest (3.78 / 989; the L4 0.7068 / 121).
        Assert.Equal(HardwareCatalog.DefaultGpus.Single(g => g.Name.Contains("H100", StringComparison.Ordinal)).Name, report.CheapestProfileMonthlyInference?.Hardware);
    }

    [Fact]
    public void The_summary_line_gives_the_monthly_cost_in_english_and_chinese()
    {
        var report = Report();
        var cheapest = report.CheapestProfileMonthlyInference;
        Assert.NotNull(cheapest);

        var english = report.SummaryLine("en");
        var chinese = report.SummaryLine("zh-CN");

        Assert.StartsWith("**Model compute (monthly):** about US$0.161 for 10,000,000 requests × 2 samples (1.389 compute hours on this server × US$0.11592/h)", english, StringComparison.Ordinal);
        Assert.Contains("NVIDIA H100 SXM (Lambda 1x H100)", english, StringComparison.Ordinal);
        Assert.Contains("one training run (60,000 samples × 5 epochs): US$0.00966", english, StringComparison.Ordinal);
        Assert.StartsWith("**模型算力（每月）：** 约 US$0.161，10,000,000 次请求 × 每次 2 个样本", chinese, StringComparison.Ordinal);
        Assert.Contains("不含常驻实例", chinese, StringComparison.Ordinal);
        Assert.Contains("US$0.00966", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', english);
        Assert.DoesNotContain('\n', chinese);
        Assert.Equal(chinese, report.SummaryLine("zh"));
        Assert.Equal(english, report.SummaryLine("fr-FR"));
    }

    [Fact]
    public void A_report_refuses_an_invalid_profile_by_position()
    {
        HardwareProfile[] hardware = [T4, L4 with { PeakTensorTflops = -1 }];

        var error = Assert.Throws<ArgumentException>(() => CostReport.Create(ForwardFlops, 1_000, 4_000, TrainSamples, Epochs, ServerPrice, hardware, 1_000));

        Assert.Equal("hardware[1]", error.ParamName);
        Assert.Contains("Peak tensor TFLOPS must be a positive number; got -1", error.Message, StringComparison.Ordinal);
    }

    private static CostReport Report() =>
        CostReport.Create(ForwardFlops, 1_000, 4_000, TrainSamples, Epochs, ServerPrice, HardwareCatalog.DefaultGpus, 10_000_000, samplesPerRequest: 2);
}
