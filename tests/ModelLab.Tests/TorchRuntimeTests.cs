using Portal.ModelLab.Native;
using TorchSharp;

namespace Portal.ModelLab.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void The_patch_sets_only_the_weak_flag_of_the_missing_version_and_is_idempotent()
    {
        var original = TorchRuntime.LocalLibrary() ?? throw new InvalidOperationException("The build did not copy libLibTorchSharp.so beside the tests.");
        var copy = Path.Combine(Path.GetTempPath(), $"libLibTorchSharp-{Guid.NewGuid():N}.so");
        File.Copy(original, copy);
        try
        {
            // Start from the library as TorchSharp ships it, whatever this process already did to its own copy.
            var bytes = File.ReadAllBytes(copy);
            var found = ElfVersionPatcher.FindRequirement(bytes, TorchRuntime.MissingVersion);
            Assert.NotNull(found);
            bytes[found.Value.Offset] = (byte)(found.Value.Flags & ~ElfVersionPatcher.VersionFlagWeak);
            File.WriteAllBytes(copy, bytes);
            var before = File.ReadAllBytes(copy);

            Assert.True(ElfVersionPatcher.MarkWeak(copy, TorchRuntime.MissingVersion));
            Assert.False(ElfVersionPatcher.MarkWeak(copy, TorchRuntime.MissingVersion));

            var after = File.ReadAllBytes(copy);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            Assert.Equal([(int)found.Value.Offset], changed);
            Assert.Equal(ElfVersionPatcher.VersionFlagWeak, ElfVersionPatcher.FindRequirement(after, TorchRuntime.MissingVersion)!.Value.Flags & ElfVersionPatcher.VersionFlagWeak);
            Assert.Null(ElfVersionPatcher.FindRequirement(after, "GLIBCXX_9.9.99"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Glibc_accepts_the_allocator_settings_for_tensor_buffers() =>
        Assert.True(NativeMemoryTuning.Apply());

    [Fact]
    public void A_non_elf_file_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.FindRequirement("not an elf file at all, just text................................."u8.ToArray(), "X"));
    }

    [Fact]
    public void TorchSharp_loads_and_runs_a_forward_pass_of_a_small_conv_net()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        var net = torch.nn.Sequential(
            ("conv", torch.nn.Conv2d(1, 4, 3)),
            ("relu", torch.nn.ReLU()),
            ("pool", torch.nn.MaxPool2d(2)),
            ("flatten", torch.nn.Flatten()),
            ("linear", torch.nn.Linear(4 * 13 * 13, 10)));

        var logits = net.call(torch.randn(2, 1, 28, 28));

        Assert.Equal([2L, 10L], logits.shape);
        Assert.True(torch.isfinite(logits).all().item<bool>());
    }
}
