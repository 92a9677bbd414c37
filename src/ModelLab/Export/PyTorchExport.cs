using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Portal.ModelLab.Training;
using TorchSharp.PyBridge;

namespace Portal.ModelLab.Export;

/// <summary>Packs a trained model for PyTorch: its weights as a state_dict <c>torch.load</c> reads, the spec, and a script that rebuilds the network.</summary>
public static class PyTorchExport
{
    public const string WeightsEntry = "model_state_dict.pt";
    public const string SpecEntry = "spec.json";
    public const string ScriptEntry = "load_model.py";

    /// <summary>Writes the weights alone in PyTorch's format.</summary>
    public static void WriteWeights(TrainedModel model, Stream output) => model.Network.save_py(output);

    /// <summary>Writes a zip with the weights, the spec JSON (with normalization and class names) and a loader script.</summary>
    public static void WriteArchive(TrainedModel model, Stream output)
    {
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (var weights = archive.CreateEntry(WeightsEntry).Open())
        {
            // save_py seeks back and closes its stream; a zip entry cannot seek, and a closed MemoryStream still gives its bytes.
            using var buffer = new MemoryStream();
            WriteWeights(model, buffer);
            weights.Write(buffer.ToArray());
        }

        WriteText(archive, SpecEntry, SpecJson(model));
        WriteText(archive, ScriptEntry, LoaderScript);
    }

    /// <summary>The spec with the scaling and class names the weights expect.</summary>
    public static string SpecJson(TrainedModel model) => JsonSerializer.Serialize(
        new { spec = model.Spec, normalization = model.Normalization, classNames = model.ClassNames }, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static void WriteText(ZipArchive archive, string name, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private const string LoaderScript = """
        # Rebuilds the network described in spec.json and loads its trained weights.
        # Usage: python3 load_model.py  (needs PyTorch; run in the folder this archive was unpacked to)
        import json
        import torch
        import torch.nn as nn

        def build(spec):
            layers, shape = [], [spec["inputChannels"], spec["inputHeight"], spec["inputWidth"]]
            for layer in spec["layers"]:
                kind = layer["kind"]
                if kind == "Conv2d":
                    k, s, p = layer["kernelSize"], layer.get("stride", 1), layer.get("padding", 0)
                    layers.append(nn.Conv2d(shape[0], layer["outChannels"], k, stride=s, padding=p))
                    shape = [layer["outChannels"], (shape[1] + 2 * p - k) // s + 1, (shape[2] + 2 * p - k) // s + 1]
                elif kind == "MaxPool2d":
                    k = layer["kernelSize"]; s = layer.get("stride", k)
                    layers.append(nn.MaxPool2d(k, stride=s))
                    shape = [shape[0], (shape[1] - k) // s + 1, (shape[2] - k) // s + 1]
                elif kind == "BatchNorm":
                    layers.append(nn.BatchNorm2d(shape[0]) if len(shape) == 3 else nn.BatchNorm1d(shape[0]))
                elif kind == "Dropout":
                    layers.append(nn.Dropout(layer["probability"]))
                elif kind == "Flatten":
                    layers.append(nn.Flatten())
                    shape = [shape[0] * shape[1] * shape[2]] if len(shape) == 3 else shape
                elif kind == "Linear":
                    layers.append(nn.Linear(shape[0], layer["outFeatures"]))
                    shape = [layer["outFeatures"]]
                elif kind == "ReLU":
                    layers.append(nn.ReLU())
                elif kind == "GELU":
                    layers.append(nn.GELU())
            return nn.Sequential(*layers)

        with open("spec.json", encoding="utf-8") as f:
            described = json.load(f)
        model = build(described["spec"])
        model.load_state_dict(torch.load("model_state_dict.pt"))
        model.eval()
        print(model)
        print("normalize pixels as (v / 255 - %(mean)s) / %(std)s" % described["normalization"])
        print("classes:", described["classNames"])

        """;
}
