namespace Portal.ModelLab.Models;

/// <summary>What one layer turns its input into, what it learns and what it computes per sample.</summary>
/// <param name="OutputShape">Channels × height × width, or features once flat.</param>
/// <param name="Flops">Forward floating-point operations per sample; a multiply-add counts as two.</param>
public sealed record LayerShape(int Index, LayerKind Kind, IReadOnlyList<int> OutputShape, long Parameters, long Flops)
{
    public string ShapeText => string.Join(" × ", OutputShape);
}

/// <summary>Why a spec cannot work, in English and as a code with arguments for translation.</summary>
/// <param name="LayerIndex">The first layer that cannot work, or null for the spec as a whole.</param>
public sealed record SpecProblem(int? LayerIndex, string Code, string Message, IReadOnlyList<object> Arguments);

/// <summary>The layers' shapes, parameters and FLOPs as far as the spec works, and the problem that stops it if any.</summary>
public sealed record ModelAnalysis(IReadOnlyList<LayerShape> Layers, long Parameters, long ForwardFlopsPerSample, SpecProblem? Problem)
{
    public bool IsValid => Problem is null;
}

/// <summary>Follows a sample's shape through a spec's layers, the way the built network will.</summary>
public static class ShapeInference
{
    public const long MaxParameters = 20_000_000;
    public const int MaxChannels = 1024;
    public const int MaxFeatures = 16_384;
    public const int MaxKernel = 15;
    public const int MaxClasses = 1000;
    public const int MaxImageSide = 256;

    /// <summary>Analyses every layer; never throws for a spec that cannot work but says why in <see cref="ModelAnalysis.Problem"/>.</summary>
    public static ModelAnalysis Analyze(ModelSpec spec)
    {
        var layers = new List<LayerShape>();
        long parameters = 0, flops = 0;
        ModelAnalysis Stop(SpecProblem problem) => new(layers, parameters, flops, problem);

        if (spec.InputChannels is < 1 or > 4 || spec.InputHeight is < 1 or > MaxImageSide || spec.InputWidth is < 1 or > MaxImageSide)
        {
            return Stop(Problem(null, "InputInvalid", $"The input {spec.InputChannels} × {spec.InputHeight} × {spec.InputWidth} is outside 1-4 channels of 1-{MaxImageSide} pixels.",
                spec.InputChannels, spec.InputHeight, spec.InputWidth));
        }

        if (spec.Classes is < 2 or > MaxClasses)
        {
            return Stop(Problem(null, "ClassesInvalid", $"A classifier needs 2-{MaxClasses} classes, not {spec.Classes}.", spec.Classes));
        }

        if (spec.Layers.Count == 0)
        {
            return Stop(Problem(null, "NoLayers", "The model has no layers.", []));
        }

        int[] shape = [spec.InputChannels, spec.InputHeight, spec.InputWidth];
        for (var index = 0; index < spec.Layers.Count; index++)
        {
            var layer = spec.Layers[index];
            var step = Step(index, layer, shape);
            if (step.Problem is { } problem)
            {
                return Stop(problem);
            }

            shape = step.Shape;
            parameters += step.Parameters;
            flops += step.Flops;
            layers.Add(new LayerShape(index, layer.Kind, shape, step.Parameters, step.Flops));
            if (parameters > MaxParameters)
            {
                return Stop(Problem(index, "TooManyParameters", $"Up to layer {index + 1} the model has {parameters:N0} parameters; at most {MaxParameters:N0} are allowed here.",
                    parameters, MaxParameters));
            }
        }

        if (shape.Length != 1 || shape[0] != spec.Classes)
        {
            return Stop(Problem(spec.Layers.Count - 1, "OutputMismatch",
                $"Layer {spec.Layers.Count} (the last) gives {string.Join(" × ", shape)} values per sample; a classifier of {spec.Classes} classes must end with {spec.Classes} (a Linear layer with {spec.Classes} outputs).",
                string.Join(" × ", shape), spec.Classes));
        }

        return new ModelAnalysis(layers, parameters, flops, null);
    }

    private readonly record struct StepResult(int[] Shape, long Parameters, long Flops, SpecProblem? Problem);

    private static StepResult Step(int index, LayerSpec layer, int[] shape)
    {
        StepResult Fail(string code, string message, params object[] arguments) => new(shape, 0, 0, Problem(index, code, message, arguments));
        var name = $"Layer {index + 1} ({layer.Kind})";
        var elements = shape.Aggregate(1L, (product, size) => product * size);

        switch (layer.Kind)
        {
            case LayerKind.Conv2d:
            case LayerKind.MaxPool2d:
            {
                if (shape.Length != 3)
                {
                    return Fail("NeedsImage", $"{name} needs channels × height × width but gets {shape[0]} flat features; move it before Flatten.", layer.Kind.ToString());
                }

                var isConv = layer.Kind == LayerKind.Conv2d;
                if (layer.KernelSize is not { } kernel || kernel < 1 || kernel > MaxKernel)
                {
                    return Fail("SettingOutOfRange", $"{name}: the kernel size must be 1-{MaxKernel}.", "kernelSize", 1, MaxKernel);
                }

                var stride = layer.Stride ?? (isConv ? 1 : kernel);
                if (stride < 1 || stride > kernel)
                {
                    return Fail("SettingOutOfRange", $"{name}: the stride must be 1-{kernel} (the kernel size).", "stride", 1, kernel);
                }

                var padding = isConv ? layer.Padding ?? 0 : 0;
                if (padding < 0 || padding > kernel / 2)
                {
                    return Fail("SettingOutOfRange", $"{name}: the padding must be 0-{kernel / 2} (half the kernel).", "padding", 0, kernel / 2);
                }

                var (channels, height, width) = (shape[0], shape[1], shape[2]);
                if (height + 2 * padding < kernel || width + 2 * padding < kernel)
                {
                    return Fail("KernelTooLarge", $"{name}: a {kernel} × {kernel} kernel does not fit the {height} × {width} input; remove a pooling layer or use a smaller kernel.",
                        kernel, height, width);
                }

                var outHeight = (height + 2 * padding - kernel) / stride + 1;
                var outWidth = (width + 2 * padding - kernel) / stride + 1;
                if (!isConv)
                {
                    return new StepResult([channels, outHeight, outWidth], 0, (long)channels * outHeight * outWidth * kernel * kernel, null);
                }

                if (layer.OutChannels is not { } outChannels || outChannels < 1 || outChannels > MaxChannels)
                {
                    return Fail("SettingOutOfRange", $"{name}: the output channels must be 1-{MaxChannels}.", "outChannels", 1, MaxChannels);
                }

                long weights = (long)channels * kernel * kernel * outChannels;
                return new StepResult([outChannels, outHeight, outWidth], weights + outChannels, 2 * weights * outHeight * outWidth, null);
            }

            case LayerKind.Linear:
            {
                if (shape.Length != 1)
                {
                    return Fail("NeedsFlat", $"{name} needs flat features but gets {string.Join(" × ", shape)}; add Flatten before it.", string.Join(" × ", shape));
                }

                if (layer.OutFeatures is not { } outFeatures || outFeatures < 1 || outFeatures > MaxFeatures)
                {
                    return Fail("SettingOutOfRange", $"{name}: the output features must be 1-{MaxFeatures}.", "outFeatures", 1, MaxFeatures);
                }

                long weights = (long)shape[0] * outFeatures;
                return new StepResult([outFeatures], weights + outFeatures, 2 * weights, null);
            }

            case LayerKind.Flatten:
                return new StepResult([(int)Math.Min(elements, int.MaxValue)], 0, 0, elements > int.MaxValue
                    ? Problem(index, "TooManyParameters", $"{name} would give {elements:N0} features.", elements, int.MaxValue)
                    : null);

            case LayerKind.BatchNorm:
                // A scale and a shift per channel (or feature); normalizing costs a multiply and an add per value.
                return new StepResult(shape, 2L * shape[0], 2 * elements, null);

            case LayerKind.Dropout:
                return layer.Probability is { } probability && probability >= 0 && probability < 1
                    ? new StepResult(shape, 0, 0, null)
                    : Fail("SettingOutOfRange", $"{name}: the probability must be at least 0 and below 1.", "probability", 0, 1);

            case LayerKind.ReLU:
                return new StepResult(shape, 0, elements, null);

            case LayerKind.GELU:
                // The tanh approximation takes about eight operations per value.
                return new StepResult(shape, 0, 8 * elements, null);

            default:
                return Fail("UnknownLayer", $"{name} is not a known layer.", layer.Kind.ToString());
        }
    }

    private static SpecProblem Problem(int? index, string code, string message, params object[] arguments) => new(index, code, message, arguments);
}
