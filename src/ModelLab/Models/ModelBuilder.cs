using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.ModelLab.Models;

/// <summary>Turns a spec that <see cref="ShapeInference"/> accepts into a TorchSharp network.</summary>
public static class ModelBuilder
{
    /// <summary>
    /// Builds the network with each module named by its index in the spec, as PyTorch's
    /// <c>nn.Sequential</c> names them, so exported weights load into the same stack in Python.
    /// Two equivalent rewrites make it cheaper without changing what it computes: ReLU before
    /// MaxPool2d runs after it (max and ReLU commute, and the pool leaves a quarter of the values),
    /// and ReLU works in place except on the model's own input. Images flow channels-last (NHWC in
    /// memory, the same NCHW shape and values): libtorch's max-pool kernel for the usual layout is scalar
    /// and took 40% of a training step, while the channels-last one finds the same maxima (first index on
    /// ties) more than ten times faster. Conv2d takes its input channels-last, which makes its output
    /// channels-last without a copy of that large tensor.
    /// </summary>
    /// <exception cref="ModelSpecException">The spec cannot work; the message says why.</exception>
    public static Sequential Build(ModelSpec spec)
    {
        var analysis = ShapeInference.Analyze(spec);
        if (analysis.Problem is { } problem)
        {
            throw new ModelSpecException(problem.Message);
        }

        Native.TorchRuntime.EnsureLoaded();
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>(spec.Layers.Count);
        for (var index = 0; index < spec.Layers.Count; index++)
        {
            IReadOnlyList<int> input = index == 0 ? [spec.InputChannels, spec.InputHeight, spec.InputWidth] : analysis.Layers[index - 1].OutputShape;
            var name = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            modules.Add((name, Create(spec.Layers[index], input[0], isImage: input.Count == 3, inPlace: index > 0)));
        }

        for (var index = 0; index + 1 < modules.Count; index++)
        {
            if (spec.Layers[index].Kind == LayerKind.ReLU && spec.Layers[index + 1].Kind == LayerKind.MaxPool2d)
            {
                (modules[index], modules[index + 1]) = (modules[index + 1], modules[index]);
                index++;
            }
        }

        return nn.Sequential(modules);
    }

    /// <param name="size">Channels of an image input, features of a flat one.</param>
    private static nn.Module<Tensor, Tensor> Create(LayerSpec layer, int size, bool isImage, bool inPlace) => layer.Kind switch
    {
        LayerKind.Conv2d => new ChannelsLastConv2d(nn.Conv2d(size, layer.OutChannels!.Value, layer.KernelSize!.Value, stride: layer.Stride ?? 1, padding: layer.Padding ?? 0)),
        LayerKind.MaxPool2d => new ChannelsLastMaxPool2d(layer.KernelSize!.Value, layer.Stride ?? layer.KernelSize!.Value),
        LayerKind.BatchNorm => isImage ? nn.BatchNorm2d(size) : nn.BatchNorm1d(size),
        LayerKind.Dropout => nn.Dropout(layer.Probability!.Value),
        LayerKind.Flatten => nn.Flatten(),
        LayerKind.Linear => nn.Linear(size, layer.OutFeatures!.Value),
        LayerKind.ReLU => nn.ReLU(inplace: inPlace),
        LayerKind.GELU => nn.GELU(),
        _ => throw new ModelSpecException($"{layer.Kind} is not a known layer."),
    };
}

/// <summary>Channels-last views and copies of NCHW image batches.</summary>
file static class ChannelsLast
{
    /// <summary><paramref name="images"/> with NHWC memory: itself when it has it, a view when it has one channel, else a copy.</summary>
    public static Tensor Of(Tensor images)
    {
        var (channels, height, width) = (images.shape[1], images.shape[2], images.shape[3]);
        long[] strides = [height * width * channels, 1, width * channels, channels];
        if (images.stride().SequenceEqual(strides))
        {
            return images.alias();
        }

        if (channels == 1 && images.is_contiguous())
        {
            // One channel: NCHW and NHWC are the same bytes, only the strides say which.
            // TorchSharp's as_strided defaults the storage offset to 0, not to the view's own (a narrowed batch).
            return images.as_strided(images.shape, strides, images.storage_offset());
        }

        using var nhwc = images.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);
    }
}

/// <summary>Conv2d on a channels-last view of its input. Holds the convolution's own weight and bias, so the weights keep their names.</summary>
file sealed class ChannelsLastConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d convolution;

    public ChannelsLastConv2d(Conv2d convolution) : base(nameof(Conv2d))
    {
        this.convolution = convolution;
        // Registered here rather than as a child module, so the state_dict says "weight", as PyTorch's Conv2d does.
        register_parameter("weight", convolution.weight);
        if (convolution.bias is { } bias)
        {
            register_parameter("bias", bias);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var channelsLast = ChannelsLast.Of(input);
        return convolution.forward(channelsLast);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            convolution.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>MaxPool2d on a channels-last view (or copy) of its input; the result stays channels-last, which the layers after it take as any strided tensor.</summary>
file sealed class ChannelsLastMaxPool2d : nn.Module<Tensor, Tensor>
{
    private readonly long[] kernel;
    private readonly long[] stride;

    public ChannelsLastMaxPool2d(long kernelSize, long strideSize) : base(nameof(MaxPool2d))
    {
        kernel = [kernelSize, kernelSize];
        stride = [strideSize, strideSize];
    }

    public override Tensor forward(Tensor input)
    {
        using var channelsLast = ChannelsLast.Of(input);
        return nn.functional.max_pool2d(channelsLast, kernel, stride);
    }
}
