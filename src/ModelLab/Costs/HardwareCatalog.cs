namespace Portal.ModelLab.Costs;

/// <summary>Default hardware for the cost model: GPUs commonly rented for training and serving small models, and this server.</summary>
public static class HardwareCatalog
{
    /// <summary>
    /// The fraction of FP32 peak assumed for a small CNN on a GPU: 0.3. This is a planning assumption that
    /// the user should replace once a real run is timed on the target GPU (utilization = measured samples/s ×
    /// training FLOPs per sample / (peak × 10¹²)). Why it is uncertain in both directions: a small CNN at a
    /// modest batch size keeps a big GPU busy with kernel launches, memory traffic and the data loader rather
    /// than arithmetic, so tiny models can reach a few percent of peak, far below 0.3; on the other hand
    /// A100 and H100 run convolutions in TF32 on their tensor cores by default (cuDNN in PyTorch and
    /// TorchSharp), which can exceed the FP32 peak used here. Large, well-tuned training jobs (big language
    /// models on tensor cores) report roughly 30-50 % of peak; 0.3 sits at the low end of that and is optimistic
    /// for the smallest models.
    /// </summary>
    public const double DefaultGpuUtilization = 0.3;

    /// <summary>
    /// A default price for this server: AWS m7a.large (2 vCPU, each a full AMD EPYC 4th-generation core, 8 GiB),
    /// on-demand Linux in us-east-1, close to the 2-vCPU AMD EPYC machine the trainer measures on.
    /// </summary>
    public const double ThisServerDefaultHourlyPriceUsd = 0.11592;

    /// <summary>The name every estimate for this server carries.</summary>
    public const string ThisServerName = "This server (2 vCPU, CPU only)";

    /// <summary>
    /// NVIDIA T4, L4, A10G, A100 40GB and H100 SXM: FP32 peak from NVIDIA's datasheets, one named cloud's
    /// on-demand hourly price for a one-GPU machine each, and <see cref="DefaultGpuUtilization"/>. Prices
    /// change; each <see cref="HardwareProfile.Source"/> says when the price was listed, so re-read the page
    /// before relying on it.
    /// </summary>
    public static IReadOnlyList<HardwareProfile> DefaultGpus { get; } =
    [
        new(
            "NVIDIA T4 (AWS g4dn.xlarge)",
            8.1,
            DefaultGpuUtilization,
            0.526,
            "Peak: NVIDIA T4 datasheet, FP32 8.1 TFLOPS (https://www.nvidia.com/en-us/data-center/tesla-t4/). "
            + "Price: AWS EC2 on-demand, g4dn.xlarge (1 × T4, 4 vCPU, 16 GiB), Linux, us-east-1, US$0.526/h "
            + "(https://aws.amazon.com/ec2/pricing/on-demand/), as listed in 2025 (the month was not recorded; unchanged since 2019)."),
        new(
            "NVIDIA L4 (Google Cloud g2-standard-4)",
            30.3,
            DefaultGpuUtilization,
            0.7068,
            "Peak: NVIDIA L4 datasheet, FP32 30.3 TFLOPS (https://www.nvidia.com/en-us/data-center/l4/). "
            + "Price: Google Compute Engine on-demand, g2-standard-4 (1 × L4, 4 vCPU, 16 GB), us-central1, US$0.7068/h "
            + "(https://cloud.google.com/compute/vm-instance-pricing), as listed in 2025 (the month was not recorded)."),
        new(
            "NVIDIA A10G (AWS g5.xlarge)",
            31.2,
            DefaultGpuUtilization,
            1.006,
            "Peak: NVIDIA A10 datasheet, FP32 31.2 TFLOPS (https://www.nvidia.com/en-us/data-center/products/a10-gpu/); "
            + "the A10G is AWS's variant of the A10 and NVIDIA publishes no separate sheet for it. "
            + "Price: AWS EC2 on-demand, g5.xlarge (1 × A10G, 4 vCPU, 16 GiB), Linux, us-east-1, US$1.006/h "
            + "(https://aws.amazon.com/ec2/pricing/on-demand/), as listed June 2026."),
        new(
            "NVIDIA A100 40GB (Google Cloud a2-highgpu-1g)",
            19.5,
            DefaultGpuUtilization,
            3.6734,
            "Peak: NVIDIA A100 datasheet, FP32 19.5 TFLOPS (TF32 tensor cores: 156) (https://www.nvidia.com/en-us/data-center/a100/). "
            + "Price: Google Compute Engine on-demand, a2-highgpu-1g (1 × A100 40GB, 12 vCPU, 85 GB), us-central1, US$3.6734/h "
            + "(https://cloud.google.com/compute/vm-instance-pricing), as listed in 2025 (the month was not recorded)."),
        new(
            "NVIDIA H100 SXM (Lambda 1x H100)",
            67,
            DefaultGpuUtilization,
            3.78,
            "Peak: NVIDIA H100 datasheet, H100 SXM FP32 67 TFLOPS (the PCIe card: 51) (https://www.nvidia.com/en-us/data-center/h100/). "
            + "Price: Lambda on-demand instance 1x H100 (80 GB SXM5), US$3.78/h (https://lambda.ai/pricing), as listed May 2026."),
    ];

    /// <summary>
    /// This server: 2 vCPUs of an AMD EPYC with AVX-512 (4th generation, Zen 4) at about 2.6 GHz, no GPU. Its
    /// peak, 2 cores × 32 FP32 FLOP per cycle (two 256-bit FMA pipes) × 2.6 GHz ≈ 0.166 TFLOPS, is for comparison
    /// only: the cost model uses the trainer's measured samples/s for this server, never this peak.
    /// </summary>
    /// <param name="hourlyPriceUsd">What an hour of this server costs; by default a comparable cloud VM's on-demand price.</param>
    public static HardwareProfile ThisServer(double hourlyPriceUsd = ThisServerDefaultHourlyPriceUsd) =>
        new(
            ThisServerName,
            0.166,
            DefaultGpuUtilization,
            hourlyPriceUsd,
            "Peak: 2 cores × 32 FP32 FLOP/cycle (Zen 4 runs AVX-512 on two 256-bit FMA pipes) × 2.6 GHz, an estimate for comparison only; "
            + "estimates use the measured throughput instead. "
            + "Default price: AWS EC2 on-demand, m7a.large (2 vCPU AMD EPYC 4th gen, 8 GiB), Linux, us-east-1, US$0.11592/h "
            + "(https://aws.amazon.com/ec2/pricing/on-demand/), as listed in 2025 (the month was not recorded).");
}
