using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.ModelLab.Models;

/// <summary>An image classifier as data: the input it takes, the classes it tells apart and its layers in order.</summary>
public sealed record ModelSpec(int InputChannels, int InputHeight, int InputWidth, int Classes, IReadOnlyList<LayerSpec> Layers)
{
    /// <summary>The largest JSON spec accepted, so a pasted file cannot tie up the server.</summary>
    public const int MaxJsonLength = 64 * 1024;

    public const int MaxLayers = 64;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The guide's CNN for 28×28 grey images and ten classes: Conv2d(1→32, 3×3), ReLU, MaxPool2d(2),
    /// Flatten, Linear(5408→128), ReLU, Linear(128→10); 693,962 parameters.
    /// </summary>
    public static ModelSpec DefaultCnn { get; } = new(1, 28, 28, 10,
    [
        LayerSpec.Conv(32, 3),
        LayerSpec.Of(LayerKind.ReLU),
        LayerSpec.MaxPool(2),
        LayerSpec.Of(LayerKind.Flatten),
        LayerSpec.Dense(128),
        LayerSpec.Of(LayerKind.ReLU),
        LayerSpec.Dense(10),
    ]);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a spec from JSON; the shapes are not checked here (see <see cref="ShapeInference"/>).</summary>
    /// <exception cref="ModelSpecException">The text is too long, not JSON, or lacks required parts.</exception>
    public static ModelSpec FromJson(string json)
    {
        if (json.Length > MaxJsonLength)
        {
            throw new ModelSpecException($"The spec is {json.Length:N0} characters long; at most {MaxJsonLength:N0} are accepted.");
        }

        ModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(json, JsonOptions);
        }
        catch (JsonException error)
        {
            throw new ModelSpecException($"The spec is not valid JSON for a model: {error.Message}");
        }

        if (spec?.Layers is null)
        {
            throw new ModelSpecException("The spec has no \"layers\" list.");
        }

        if (spec.Layers.Count > MaxLayers)
        {
            throw new ModelSpecException($"The spec has {spec.Layers.Count} layers; at most {MaxLayers} are accepted.");
        }

        // JSON's null reads as a missing layer, which every use of the spec would trip over.
        for (var index = 0; index < spec.Layers.Count; index++)
        {
            if (spec.Layers[index] is null)
            {
                throw new ModelSpecException($"Layer {index + 1} of the spec is empty (null).");
            }
        }

        return spec;
    }

    /// <summary>Records compare lists by reference; specs are equal when their JSON is.</summary>
    public bool SameAs(ModelSpec other) => ToJson() == other.ToJson();
}

/// <summary>A model spec that cannot be read or cannot work.</summary>
public sealed class ModelSpecException(string message) : Exception(message);
