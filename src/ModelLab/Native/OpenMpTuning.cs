using System.Runtime.InteropServices;

namespace Portal.ModelLab.Native;

/// <summary>
/// Makes libtorch's OpenMP threads sleep at the end of a parallel region instead of spinning. With as many
/// torch threads as cores, a spinning thread takes the core its partner (or the web server) needs as soon
/// as anything else runs: perf put 72% of a training run in libgomp's spin loop on a busy two-core machine,
/// and training ran 4-15 times slower than with passive waiting.
/// </summary>
public static partial class OpenMpTuning
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Sets <see cref="Variable"/> to PASSIVE in the native environment unless it is set already (an explicit
    /// choice wins). libgomp reads it once, when libtorch loads it, so this must run before TorchSharp loads.
    /// </summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // Environment.SetEnvironmentVariable changes only .NET's copy; libgomp reads the C environment.
        return SetEnv(Variable, "PASSIVE", overwrite: 0) == 0;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
