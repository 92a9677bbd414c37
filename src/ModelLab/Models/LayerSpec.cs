using System.Text.Json.Serialization;

namespace Portal.ModelLab.Models;

/// <summary>The kinds of layer a model spec may stack.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LayerKind>))]
public enum LayerKind
{
    Conv2d,
    MaxPool2d,
    BatchNorm,
    Dropout,
    Flatten,
    Linear,
    ReLU,
    GELU,
}

/// <summary>
/// One layer of a model spec. Only the settings its kind uses are read: Conv2d takes
/// <see cref="OutChannels"/>, <see cref="KernelSize"/>, <see cref="Stride"/> and <see cref="Padding"/>;
/// MaxPool2d <see cref="KernelSize"/> and <see cref="Stride"/> (default: the kernel size);
/// Linear <see cref="OutFeatures"/>; Dropout <see cref="Probability"/>.
/// </summary>
public sealed record LayerSpec(
    LayerKind Kind,
    int? OutChannels = null,
    int? KernelSize = null,
    int? Stride = null,
    int? Padding = null,
    int? OutFeatures = null,
    double? Probability = null)
{
    public static LayerSpec Conv(int outChannels, int kernelSize, int stride = 1, int padding = 0) =>
        new(LayerKind.Conv2d, OutChannels: outChannels, KernelSize: kernelSize, Stride: stride, Padding: padding);

    public static LayerSpec MaxPool(int kernelSize) => new(LayerKind.MaxPool2d, KernelSize: kernelSize);

    public static LayerSpec Dense(int outFeatures) => new(LayerKind.Linear, OutFeatures: outFeatures);

    public static LayerSpec Dropout(double probability) => new(LayerKind.Dropout, Probability: probability);

    public static LayerSpec Of(LayerKind kind) => new(kind);
}
