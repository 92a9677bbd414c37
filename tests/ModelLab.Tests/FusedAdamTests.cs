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
        var initialWeights = SameWeights(fusedNetwork, stockNetwork);
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
            // A loss linear in the weights: both optimizers see exactly the same gradients, so a difference in the
            // weights can only come from the updates, not from one network's gradients drifting from the other's.
            var gradients = fusedNetwork.parameters().Select(weights => randn(weights.shape, generator: generator)).ToList();
            foreach (var (network, optimizer) in new[] { (fusedNetwork, fused), (stockNetwork, stock) })
            {
                network.zero_grad(set_to_none: true);
                network.parameters().Zip(gradients).Select(pair => (pair.First * pair.Second).sum()).Aggregate((a, b) => a + b).backward();
                optimizer.step();
            }
        }

        // The same arithmetic up to rounding: libtorch fuses some multiply-adds.
        foreach (var ((fusedWeights, stockWeights), initial) in fusedNetwork.parameters().Zip(stockNetwork.parameters()).Zip(initialWeights))
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

    // Both networks get the same weights from a generator of their own: the global one, which the layers draw from,
    // is shared with test classes running in parallel. Returns a copy of those weights.
    private static List<Tensor> SameWeights(Sequential first, Sequential second)
    {
        var generator = new Generator(3);
        using var noGradient = no_grad();
        foreach (var (a, b) in first.parameters().Zip(second.parameters()))
        {
            var bound = 1 / Math.Sqrt(a.shape.Length > 1 ? a[0].numel() : a.numel());
            a.copy_((rand(a.shape, generator: generator) * 2 - 1) * bound);
            b.copy_(a);
        }

        return first.parameters().Select(weights => weights.detach().clone()).ToList();
    }

    // The layers' sizes (94 and 10 biases) end in parts shorter than a vector.
    private static Sequential Network()
    {
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
