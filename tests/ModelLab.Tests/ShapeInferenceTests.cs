using Portal.ModelLab.Models;
using Portal.ModelLab.Native;
using static TorchSharp.torch;

namespace Portal.ModelLab.Tests;

public sealed class ShapeInferenceTests
{
    [Fact]
    public void The_default_cnn_has_the_guides_shapes_parameters_and_flops()
    {
        var analysis = ShapeInference.Analyze(ModelSpec.DefaultCnn);

        Assert.True(analysis.IsValid);
        Assert.Equal(["32 × 26 × 26", "32 × 26 × 26", "32 × 13 × 13", "5408", "128", "128", "10"], analysis.Layers.Select(l => l.ShapeText));
        Assert.Equal(693_962, analysis.Parameters);
        // Conv 2·9·32·26·26, ReLU 21,632, pool 4·5,408, Linear 2·5,408·128, ReLU 128, Linear 2·128·10.
        Assert.Equal(389_376 + 21_632 + 21_632 + 1_384_448 + 128 + 2_560, analysis.ForwardFlopsPerSample);
    }

    [Theory]
    [InlineData("conv after flatten", "NeedsImage", 2)]
    [InlineData("linear on an image", "NeedsFlat", 1)]
    [InlineData("kernel larger than the image", "KernelTooLarge", 3)]
    [InlineData("wrong number of outputs", "OutputMismatch", 2)]
    [InlineData("dropout of one", "SettingOutOfRange", 0)]
    [InlineData("conv without channels", "SettingOutOfRange", 0)]
    public void A_stack_that_cannot_work_is_refused_at_the_first_bad_layer(string name, string code, int layer)
    {
        var spec = name switch
        {
            "conv after flatten" => Spec(LayerSpec.Conv(8, 3), LayerSpec.Of(LayerKind.Flatten), LayerSpec.Conv(8, 3)),
            "linear on an image" => Spec(LayerSpec.Conv(8, 3), LayerSpec.Dense(10)),
            "kernel larger than the image" => Spec(LayerSpec.MaxPool(2), LayerSpec.MaxPool(2), LayerSpec.MaxPool(2), LayerSpec.Conv(8, 5)),
            "wrong number of outputs" => Spec(LayerSpec.Of(LayerKind.Flatten), LayerSpec.Dense(64), LayerSpec.Dense(7)),
            "dropout of one" => Spec(LayerSpec.Dropout(1), LayerSpec.Of(LayerKind.Flatten), LayerSpec.Dense(10)),
            _ => Spec(new LayerSpec(LayerKind.Conv2d, KernelSize: 3), LayerSpec.Of(LayerKind.Flatten), LayerSpec.Dense(10)),
        };

        var analysis = ShapeInference.Analyze(spec);

        Assert.False(analysis.IsValid);
        Assert.Equal(code, analysis.Problem!.Code);
        Assert.Equal(layer, analysis.Problem.LayerIndex);
        // Layers before the bad one are analysed; a wrong output is only known after the last.
        Assert.Equal(code == "OutputMismatch" ? layer + 1 : layer, analysis.Layers.Count);
        Assert.Contains($"Layer {layer + 1}", analysis.Problem.Message, StringComparison.Ordinal);
        Assert.Throws<ModelSpecException>(() => ModelBuilder.Build(spec));
    }

    [Fact]
    public void The_built_network_has_the_inferred_parameters_and_output()
    {
        TorchRuntime.EnsureLoaded();
        var spec = Spec(LayerSpec.Conv(16, 3, padding: 1), LayerSpec.Of(LayerKind.BatchNorm), LayerSpec.Of(LayerKind.GELU), LayerSpec.MaxPool(2),
            LayerSpec.Of(LayerKind.ReLU), LayerSpec.Of(LayerKind.Flatten), LayerSpec.Dropout(0.25), LayerSpec.Dense(64), LayerSpec.Of(LayerKind.BatchNorm),
            LayerSpec.Of(LayerKind.ReLU), LayerSpec.Dense(10));
        var analysis = ShapeInference.Analyze(spec);

        using var network = ModelBuilder.Build(spec);
        using var output = network.forward(randn(5, 1, 28, 28));

        Assert.True(analysis.IsValid, analysis.Problem?.Message);
        Assert.Equal(analysis.Parameters, network.parameters().Sum(p => p.numel()));
        Assert.Equal([5L, 10L], output.shape);
    }

    [Fact]
    public void Moving_relu_after_max_pool_computes_the_same_thing()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        using var network = ModelBuilder.Build(ModelSpec.DefaultCnn);
        using var input = randn(4, 1, 28, 28);
        var modules = network.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);

        using var built = network.forward(input);
        using var conv = modules["0"].forward(input);
        using var spelledOut = modules["6"].forward(nn.functional.relu(modules["4"].forward(nn.functional.max_pool2d(nn.functional.relu(conv), 2).flatten(1))));

        Assert.Equal(["0", "2", "1", "3", "4", "5", "6"], network.named_children().Select(c => c.name));
        Assert.True(built.allclose(spelledOut, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Specs_round_trip_through_json_and_bad_json_is_refused_with_a_reason()
    {
        var json = ModelSpec.DefaultCnn.ToJson();

        Assert.True(ModelSpec.FromJson(json).SameAs(ModelSpec.DefaultCnn));
        Assert.Contains("\"kind\": \"Conv2d\"", json, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<ModelSpecException>(() => ModelSpec.FromJson("{\"layers\": [")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<ModelSpecException>(() => ModelSpec.FromJson("{\"layers\": [{\"kind\": \"Transformer\"}]}")).Message, StringComparison.Ordinal);
        Assert.Contains("no \"layers\"", Assert.Throws<ModelSpecException>(() => ModelSpec.FromJson("{}")).Message, StringComparison.Ordinal);
        Assert.Contains("at most", Assert.Throws<ModelSpecException>(() => ModelSpec.FromJson(new string(' ', ModelSpec.MaxJsonLength + 1))).Message, StringComparison.Ordinal);
    }

    private static ModelSpec Spec(params LayerSpec[] layers) => new(1, 28, 28, 10, layers);
}
