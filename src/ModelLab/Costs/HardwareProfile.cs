namespace Portal.ModelLab.Costs;

/// <summary>A machine a model can be trained or served on, as the cost model sees it.</summary>
/// <param name="Name">What the user reads, for example "NVIDIA T4 (AWS g4dn.xlarge)".</param>
/// <param name="PeakTensorTflops">
/// The vendor's dense FP16/BF16 tensor-core peak in TFLOPS (10¹² FLOP/s), without sparsity: the rate mixed-precision
/// training, the usual way to train on these cards, runs its matrix work at.
/// </param>
/// <param name="Utilization">
/// The fraction of that peak a training run really reaches, more than 0 and at most 1. An assumption, not a
/// measurement: see <see cref="HardwareCatalog.DefaultGpuUtilization"/>.
/// </param>
/// <param name="HourlyPriceUsd">What one hour of the machine costs in US dollars; zero for hardware already paid for.</param>
/// <param name="Source">Where the peak and the price come from: datasheet and price page, with URLs and the month the price was listed.</param>
public sealed record HardwareProfile(string Name, double PeakTensorTflops, double Utilization, double HourlyPriceUsd, string Source)
{
    /// <summary>
    /// A short stable name for <see cref="Source"/> ("T4", "A100"), by which an application that shows the source in
    /// the reader's language finds its translation; null for a profile without one, such as a user's own entry.
    /// </summary>
    public string? SourceKey { get; init; }

    /// <summary>The FLOP/s the cost model assumes: peak × 10¹² × utilization.</summary>
    public double EffectiveFlopsPerSecond => PeakTensorTflops * 1e12 * Utilization;

    /// <summary>Every problem with this profile, one sentence each; empty when the profile can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Name is required.");
        }

        if (!(double.IsFinite(PeakTensorTflops) && PeakTensorTflops > 0))
        {
            errors.Add($"Peak tensor TFLOPS must be a positive number; got {CostFormat.Raw(PeakTensorTflops)}.");
        }

        if (!(double.IsFinite(Utilization) && Utilization > 0 && Utilization <= 1))
        {
            errors.Add($"Utilization is the fraction of peak reached and must be more than 0 and at most 1; got {CostFormat.Raw(Utilization)}.");
        }

        if (!(double.IsFinite(HourlyPriceUsd) && HourlyPriceUsd >= 0))
        {
            errors.Add($"Hourly price must be zero or more US dollars; got {CostFormat.Raw(HourlyPriceUsd)}.");
        }

        return errors;
    }

    /// <exception cref="ArgumentException">The profile is invalid; the message lists every problem.</exception>
    internal void EnsureValid(string parameterName)
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            var name = string.IsNullOrWhiteSpace(Name) ? "(no name)" : Name;
            throw new ArgumentException($"{parameterName} \"{name}\" is not a usable hardware profile: {string.Join(" ", errors)}", parameterName);
        }
    }
}
