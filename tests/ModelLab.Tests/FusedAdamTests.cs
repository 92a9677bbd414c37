using System.Runtime.InteropServices;
using Portal.ModelLab.Native;
using Portal.ModelLab.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.ModelLab.Tests;

public sealed partial class FusedAdamTests
{
    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(false, 0.01)]
    [InlineData(true, 0.05)]
    public void The_one_pass_update_gives_the_weights_of_TorchSharps_own_optimizer(bool decoupled, double weightDecay)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var fusedNetwork = Network();
        var stockNetwork = Network();
        using OptimizerHelper fused = decoupled
            ? new FusedAdamW(fusedNetwork.parameters(), 3e-3, weightDecay)
            : new FusedAdam(fusedNetwork.parameters(), 3e-3, weightDecay);
        using OptimizerHelper stock = decoupled
            ? optim.AdamW(stockNetwork.parameters(), 3e-3, AdamUpdate.Beta1, AdamUpdate.Beta2, AdamUpdate.Epsilon, weightDecay)
            : optim.Adam(stockNetwork.parameters(), 3e-3, AdamUpdate.Beta1, AdamUpdate.Beta2, AdamUpdate.Epsilon, weightDecay);
        var generator = new Generator(5);
        for (var step = 0; step < 25; step++)
        {
            using var batch = NewDisposeScope();
            var images = randn([16, 1, 12, 12], generator: generator);
            var labels = randint(0, 10, [16], generator: generator);
            foreach (var (network, optimizer) in new[] { (fusedNetwork, fused), (stockNetwork, stock) })
            {
                network.zero_grad(set_to_none: true);
                nn.functional.cross_entropy(network.forward(images), labels).backward();
                optimizer.step();
            }
        }

        var before = Network().parameters().ToList();
        // The same arithmetic up to rounding: libtorch fuses some multiply-adds, and 25 steps let the last bits drift.
        foreach (var ((fusedWeights, stockWeights), initial) in fusedNetwork.parameters().Zip(stockNetwork.parameters()).Zip(before))
        {
            Assert.False(fusedWeights.allclose(initial), "the update moved nothing");
            Assert.True(fusedWeights.allclose(stockWeights, rtol: 1e-4, atol: 1e-5),
                $"largest difference {(fusedWeights - stockWeights).abs().max().item<float>()} in a {string.Join('x', fusedWeights.shape)} parameter");
        }
    }

    [Fact]
    public void OpenMP_threads_spin_briefly_unless_the_user_chose_a_policy()
    {
        Assert.True(OpenMpTuning.Apply());
        Assert.Equal(OpenMpTuning.SpinCount, Marshal.PtrToStringUTF8(GetEnv(OpenMpTuning.SpinCountVariable)));
    }

    // Seeded, so every call builds the same weights; the layers' sizes (94 and 10 biases) end in parts shorter than a vector.
    private static Sequential Network()
    {
        manual_seed(3);
        return nn.Sequential(
            ("conv", nn.Conv2d(1, 8, 3)),
            ("relu", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("hidden", nn.Linear(800, 94)),
            ("wide", nn.Linear(94, 800)),
            ("out", nn.Linear(800, 10)));
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
