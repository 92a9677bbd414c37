using System.Runtime.InteropServices;

namespace Portal.ModelLab.Native;

/// <summary>
/// Keeps glibc from handing large tensor buffers back to the kernel after every batch and taking them
/// again on the next (hundreds of thousands of page faults an epoch on these machines; see
/// ARCHITECTURE.md, "Native memory for training"): a 32 MiB mmap threshold and a 2 GiB trim threshold.
/// </summary>
public static partial class NativeMemoryTuning
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    /// <summary>Applies the settings on Linux with glibc; true when both were accepted.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(MmapThreshold, 32 * 1024 * 1024) == 1 && Mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): nothing to tune.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
