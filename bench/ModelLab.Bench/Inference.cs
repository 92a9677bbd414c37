using System.Diagnostics;
using static TorchSharp.torch;

namespace Portal.ModelLab.Bench;

/// <summary>Inference throughput measured as the peer measures it.</summary>
internal static class Inference
{
    private const int Batch = 256;
    private const int Repetitions = 4;

    /// <summary>Whole batches of 256 in evaluation mode without gradients, four passes over the images, the first a warm-up; the median rate.</summary>
    public static double SamplesPerSecond(nn.Module<Tensor, Tensor> network, Tensor images)
    {
        network.eval();
        using var noGrad = no_grad();
        var batches = images.shape[0] / Batch;
        var rates = new List<double>();
        for (var rep = 0; rep < Repetitions; rep++)
        {
            var clock = Stopwatch.StartNew();
            for (long b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                network.forward(images.narrow(0, b * Batch, Batch));
            }

            if (rep > 0)
            {
                rates.Add(batches * Batch / clock.Elapsed.TotalSeconds);
            }
        }

        return Statistics.Median(rates);
    }
}
