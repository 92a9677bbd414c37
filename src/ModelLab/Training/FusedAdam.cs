using System.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.ModelLab.Training;

/// <summary>
/// Adam with each parameter's update done in one pass over its memory. TorchSharp's Adam runs the same
/// mathematics as eight separate tensor operations, each a pass over the weights, with two temporary
/// tensors; for the guide's CNN (692,352 weights in one layer) that was 30% of a training step at batch 32.
/// State and options are Adam's own; a saved state names this class, and TorchSharp loads it only into this class.
/// </summary>
internal sealed class FusedAdam(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    : Adam(parameters, learningRate, AdamUpdate.Beta1, AdamUpdate.Beta2, AdamUpdate.Epsilon, weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        foreach (var parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            AdamUpdate.Apply(parameter, state.exp_avg, state.exp_avg_sq, ref state.step, group.LearningRate,
                options.beta1!.Value, options.beta2!.Value, options.eps!.Value, gradientDecay: options.weight_decay!.Value, weightDecay: 0);
        }
    }, closure);
}

/// <summary>AdamW (decoupled weight decay) done as <see cref="FusedAdam"/> does Adam.</summary>
internal sealed class FusedAdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    : AdamW(parameters, learningRate, AdamUpdate.Beta1, AdamUpdate.Beta2, AdamUpdate.Epsilon, weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        foreach (var parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            AdamUpdate.Apply(parameter, state.exp_avg, state.exp_avg_sq, ref state.step, group.LearningRate,
                options.beta1!.Value, options.beta2!.Value, options.eps!.Value, gradientDecay: 0, weightDecay: options.weight_decay!.Value);
        }
    }, closure);
}

/// <summary>The Adam update of one parameter, element by element, in the order PyTorch's Adam and AdamW compute it.</summary>
internal static class AdamUpdate
{
    // PyTorch's defaults (TorchSharp's torch.optim.Adam factory defaults beta2 to 0.99).
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    /// <param name="gradientDecay">Adam's L2 penalty, added to the gradient.</param>
    /// <param name="weightDecay">AdamW's decoupled decay, applied to the weights.</param>
    /// <param name="step">The parameter's update count, raised by one when it has a gradient.</param>
    public static unsafe void Apply(Parameter parameter, Tensor average, Tensor averageSquare, ref long step, double learningRate,
        double beta1, double beta2, double epsilon, double gradientDecay, double weightDecay)
    {
        using var gradient = parameter.grad;
        if (gradient is null)
        {
            return;
        }

        if (parameter.dtype != ScalarType.Float32 || parameter.device_type != DeviceType.CPU || !parameter.is_contiguous()
            || !average.is_contiguous() || !averageSquare.is_contiguous())
        {
            throw new NotSupportedException("The fused Adam update takes contiguous float32 parameters on the CPU.");
        }

        step++;
        using var denseGradient = gradient.contiguous();
        var coefficients = new Coefficients(
            Beta1: (float)beta1,
            Beta2: (float)beta2,
            Epsilon: (float)epsilon,
            GradientDecay: (float)gradientDecay,
            Shrink: (float)(1 - learningRate * weightDecay),
            BiasCorrection2Root: (float)Math.Sqrt(1 - Math.Pow(beta2, step)),
            StepSize: (float)(learningRate / (1 - Math.Pow(beta1, step))));
        fixed (byte* weights = parameter.bytes, gradients = denseGradient.bytes, averages = average.bytes, squares = averageSquare.bytes)
        {
            Update((float*)weights, (float*)gradients, (float*)averages, (float*)squares, parameter.numel(), coefficients);
        }
    }

    // On the training thread alone: splitting it with a .NET pool thread saved little, and in the portal it woke
    // idle pool threads that took cores from libtorch's.
    private static unsafe void Update(float* p, float* g, float* m, float* v, long count, Coefficients k)
    {
        long i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var beta1 = new Vector<float>(k.Beta1);
            var rest1 = new Vector<float>(1 - k.Beta1);
            var beta2 = new Vector<float>(k.Beta2);
            var rest2 = new Vector<float>(1 - k.Beta2);
            var epsilon = new Vector<float>(k.Epsilon);
            var gradientDecay = new Vector<float>(k.GradientDecay);
            var shrink = new Vector<float>(k.Shrink);
            var correction = new Vector<float>(k.BiasCorrection2Root);
            var stepSize = new Vector<float>(k.StepSize);
            for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
            {
                var weight = Vector.Load(p + i);
                var gradient = Vector.Load(g + i) + gradientDecay * weight;
                var average = Vector.Load(m + i) * beta1 + gradient * rest1;
                var square = Vector.Load(v + i) * beta2 + gradient * gradient * rest2;
                average.Store(m + i);
                square.Store(v + i);
                var denominator = Vector.SquareRoot(square) / correction + epsilon;
                (weight * shrink - stepSize * (average / denominator)).Store(p + i);
            }
        }

        for (; i < count; i++)
        {
            var gradient = g[i] + k.GradientDecay * p[i];
            m[i] = m[i] * k.Beta1 + gradient * (1 - k.Beta1);
            v[i] = v[i] * k.Beta2 + gradient * gradient * (1 - k.Beta2);
            var denominator = MathF.Sqrt(v[i]) / k.BiasCorrection2Root + k.Epsilon;
            p[i] = p[i] * k.Shrink - k.StepSize * (m[i] / denominator);
        }
    }

    private readonly record struct Coefficients(float Beta1, float Beta2, float Epsilon, float GradientDecay, float Shrink,
        float BiasCorrection2Root, float StepSize);
}
