using TorchSharp;

namespace Portal.ModelLab.Native;

/// <summary>Prepares and loads TorchSharp's native libraries once per process.</summary>
public static class TorchRuntime
{
    /// <summary>The libstdc++ version TorchSharp 0.107 asks for and Debian 12 lacks.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private static readonly string[] LibStdCxxPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>
    /// On Linux whose libstdc++ lacks <see cref="MissingVersion"/>, marks that requirement weak in the copy
    /// of <c>libLibTorchSharp.so</c> beside the app (never the NuGet cache); tunes glibc's allocator for
    /// tensor buffers and OpenMP's waiting for busy machines; then loads libtorch.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded)
            {
                return;
            }

            if (OperatingSystem.IsLinux() && !SystemLibStdCxxHas(MissingVersion) && LocalLibrary() is { } library)
            {
                ElfVersionPatcher.MarkWeak(library, MissingVersion);
            }

            NativeMemoryTuning.Apply();
            OpenMpTuning.Apply();
            torch.InitializeDeviceType(DeviceType.CPU);
            loaded = true;
        }
    }

    /// <summary>
    /// Sets how many threads libtorch uses for the operations the calling thread starts. OpenMP's and MKL's counts
    /// are per thread, and libtorch gives a thread the process-wide count at its first operation, so that happens
    /// here first; the call also makes <paramref name="count"/> the count for threads that have not run libtorch yet.
    /// </summary>
    public static void SetThreadsForThisThread(int count)
    {
        EnsureLoaded();
        _ = torch.get_num_threads();
        torch.set_num_threads(count);
    }

    /// <summary>The app's own copy of TorchSharp's native library, if the build put one beside it.</summary>
    public static string? LocalLibrary()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Whether the system's libstdc++ defines the symbol version <paramref name="version"/>.</summary>
    public static bool SystemLibStdCxxHas(string version)
    {
        var marker = System.Text.Encoding.ASCII.GetBytes(version + "\0");
        return LibStdCxxPaths.Where(File.Exists).Any(path => File.ReadAllBytes(path).AsSpan().IndexOf(marker) >= 0);
    }
}
