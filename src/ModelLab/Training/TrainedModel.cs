using System.Text.Json;
using Portal.ModelLab.Data;
using Portal.ModelLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.ModelLab.Training;

/// <summary>A network with what it takes to use it again: its spec, the pixel scaling it learnt on and the class names.</summary>
public sealed class TrainedModel(Sequential network, ModelSpec spec, Normalization normalization, IReadOnlyList<string> classNames) : IDisposable
{
    private const string WeightsFile = "weights.bin";
    private const string DescriptionFile = "model.json";

    public Sequential Network { get; } = network;

    public ModelSpec Spec { get; } = spec;

    public Normalization Normalization { get; } = normalization;

    public IReadOnlyList<string> ClassNames { get; } = classNames;

    /// <summary>Class probabilities for one grey image of the spec's size, bytes 0-255 with the object bright on a dark ground.</summary>
    public float[] Predict(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != Spec.InputHeight * Spec.InputWidth)
        {
            throw new ArgumentException($"The image has {pixels.Length} pixels; the model takes {Spec.InputHeight} × {Spec.InputWidth}.", nameof(pixels));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Network.eval();
        var input = PreparedData.ImageTensor(pixels, Spec.InputHeight, Spec.InputWidth, Normalization);
        return Network.forward(input).softmax(1).data<float>().ToArray();
    }

    /// <summary>Writes the weights (TorchSharp's format) and a description to <paramref name="folder"/>.</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        Network.save(Path.Combine(folder, WeightsFile));
        File.WriteAllText(Path.Combine(folder, DescriptionFile), JsonSerializer.Serialize(new Description(Spec, Normalization, ClassNames)));
    }

    public static TrainedModel Load(string folder)
    {
        Native.TorchRuntime.EnsureLoaded();
        var description = JsonSerializer.Deserialize<Description>(File.ReadAllText(Path.Combine(folder, DescriptionFile)))
            ?? throw new InvalidDataException($"{DescriptionFile} in {folder} is empty.");
        var network = ModelBuilder.Build(description.Spec);
        network.load(Path.Combine(folder, WeightsFile));
        return new TrainedModel(network, description.Spec, description.Normalization, description.ClassNames);
    }

    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, DescriptionFile));

    public void Dispose() => Network.Dispose();

    private sealed record Description(ModelSpec Spec, Normalization Normalization, IReadOnlyList<string> ClassNames);
}
