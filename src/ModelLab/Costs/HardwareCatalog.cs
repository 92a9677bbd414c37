namespace Portal.ModelLab.Costs;

/// <summary>Default hardware for the cost model: GPUs commonly rented for training and serving small models, and this server.</summary>
public static class HardwareCatalog
{
    /// <summary>
    /// The fraction of the dense FP16/BF16 tensor-core peak assumed for a training run: 0.3. Mixed precision (FP16
    /// or BF16 matrix work on the tensor cores, FP32 master weights) is how training is done on these cards, so their
    /// tensor-core peak, not the FP32 one, is what a run can approach; ranking by FP32 peaks put the A100 (19.5 FP32
    /// TFLOPS, 312 tensor) below the L4 and the A10G. Large, well-tuned mixed-precision jobs reach about half of this
    /// peak (PaLM reports 46 % model FLOPs utilization, Megatron-LM 52 % of the A100's); 0.3 is below that. It is a
    /// planning assumption to replace once a real run is timed on the target GPU (utilization = measured samples/s ×
    /// training FLOPs per sample / (peak × 10¹²)): a small CNN at a modest batch size spends most of its time on
    /// kernel launches, memory traffic and the data loader, and reaches a few percent of peak at most.
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
    /// NVIDIA T4, L4, A10G, A100 40GB and H100 SXM: the dense FP16/BF16 tensor-core peak (half the "with sparsity"
    /// figure where the vendor gives only that), one named cloud's on-demand hourly price for a one-GPU machine each,
    /// and <see cref="DefaultGpuUtilization"/>. Peaks: NVIDIA's datasheets "NVIDIA T4 Tensor Core GPU" and "NVIDIA A100
    /// Tensor Core GPU", its L4 and H100 specification pages, and the A10G datasheet NVIDIA and AWS published in
    /// February 2022 (the A10G is AWS's variant of the A10, with fewer tensor FLOPS than the A10's 125). That PDF's text
    /// could not be read when the figures were checked, so its 70 dense TFLOPS are the figure two independent sources
    /// quote from it (Baseten, Full Stack Deep Learning). Prices change; each <see cref="HardwareProfile.Source"/> says
    /// when the price was listed, so re-read the page before relying on it. Each GPU has a
    /// <see cref="HardwareProfile.SourceKey"/>, so that the Portal can show its source in Chinese too.
    /// </summary>
    public static IReadOnlyList<HardwareProfile> DefaultGpus { get; } =
    [
        new(
            "NVIDIA T4 (AWS g4dn.xlarge)",
            65,
            DefaultGpuUtilization,
            0.526,
            "Peak: NVIDIA datasheet \"NVIDIA T4 Tensor Core GPU\", mixed-precision (FP16/FP32) tensor cores 65 TFLOPS dense (Turing has no sparse mode; FP32: 8.1) "
            + "(https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-t4/t4-tensor-core-datasheet-951643.pdf). "
            + "Price: AWS EC2 on-demand, g4dn.xlarge (1 × T4, 4 vCPU, 16 GiB), Linux, us-east-1, US$0.526/h "
            + "(https://aws.amazon.com/ec2/pricing/on-demand/), as listed in 2025 (the month was not recorded; unchanged since 2019).")
        {
            SourceKey = "T4",
        },
        new(
            "NVIDIA L4 (Google Cloud g2-standard-4)",
            121,
            DefaultGpuUtilization,
            0.7068,
            "Peak: NVIDIA L4 specifications, FP16/BF16 tensor cores 242 TFLOPS with sparsity, so 121 TFLOPS dense (FP32: 30.3) (https://www.nvidia.com/en-us/data-center/l4/). "
            + "Price: Google Compute Engine on-demand, g2-standard-4 (1 × L4, 4 vCPU, 16 GB), us-central1, US$0.7068/h "
            + "(https://cloud.google.com/compute/vm-instance-pricing), as listed in 2025 (the month was not recorded).")
        {
            SourceKey = "L4",
        },
        new(
            "NVIDIA A10G (AWS g5.xlarge)",
            70,
            DefaultGpuUtilization,
            1.006,
            "Peak: the A10G datasheet NVIDIA and AWS published in February 2022, FP16/BF16 tensor cores 70 TFLOPS dense, 140 with sparsity (FP32: 35) "
            + "(https://d1.awsstatic.com/product-marketing/ec2/NVIDIA_AWS_A10G_DataSheet_FINAL_02_17_2022.pdf), as Baseten "
            + "(\"NVIDIA A10 vs A10G for ML model inference\") and Full Stack Deep Learning (\"Cloud GPUs\") quote it. The A10G is AWS's "
            + "variant of the A10, whose own datasheet gives 125 TFLOPS dense (https://www.nvidia.com/en-us/data-center/products/a10-gpu/). "
            + "Price: AWS EC2 on-demand, g5.xlarge (1 × A10G, 4 vCPU, 16 GiB), Linux, us-east-1, US$1.006/h "
            + "(https://aws.amazon.com/ec2/pricing/on-demand/), as listed June 2026.")
        {
            SourceKey = "A10G",
        },
        new(
            "NVIDIA A100 40GB (Google Cloud a2-highgpu-1g)",
            312,
            DefaultGpuUtilization,
            3.6734,
            "Peak: NVIDIA datasheet \"NVIDIA A100 Tensor Core GPU\", FP16/BF16 tensor cores 312 TFLOPS dense (624 with sparsity; FP32: 19.5) "
            + "(https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf). "
            + "Price: Google Compute Engine on-demand, a2-highgpu-1g (1 × A100 40GB, 12 vCPU, 85 GB), us-central1, US$3.6734/h "
            + "(https://cloud.google.com/compute/vm-instance-pricing), as listed in 2025 (the month was not recorded).")
        {
            SourceKey = "A100",
        },
        new(
            "NVIDIA H100 SXM (Lambda 1x H100)",
            989,
            DefaultGpuUtilization,
            3.78,
            "Peak: NVIDIA H100 specifications, H100 SXM FP16/BF16 tensor cores 1,979 TFLOPS with sparsity, so about 989 TFLOPS dense (FP32: 67) "
            + "(https://www.nvidia.com/en-us/data-center/h100/). "
            + "Price: Lambda on-demand instance 1x H100 (80 GB SXM5), US$3.78/h (https://lambda.ai/pricing), as listed May 2026.")
        {
            SourceKey = "H100",
        },
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
            "Peak: 2 cores × 32 FP32 FLOP/cycle (Zen 4 runs AVX-512 on two 256-bit FMA pipes) × 2.6 GHz (a CPU has no tensor cores), an estimate for comparison only; "
            + "estimates use the measured throughput instead. "
            + "Default price: AWS EC2 on-demand, m7a.large (2 vCPU AMD EPYC 4th gen, 8 GiB), Linux, us-east-1, US$0.11592/h "
            + "(https://aws.amazon.com/ec2/pricing/on-demand/), as listed in 2025 (the month was not recorded).");
}
