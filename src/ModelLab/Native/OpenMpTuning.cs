using System.Runtime.InteropServices;

namespace Portal.ModelLab.Native;

/// <summary>
/// Bounds how long libtorch's OpenMP threads spin at the end of a parallel region before they sleep.
/// Spinning keeps a thread ready for the next operation, which at small batches starts within microseconds:
/// sleeping at once (passive waiting) made every operation wake its threads, and training at batch 32 ran
/// about a quarter slower on a quiet two-core machine. Spinning long (libgomp's default, 300,000 rounds) takes
/// the core another process needs: with one core busy, training ran at half the speed of passive waiting.
/// 3,000 rounds (tens of microseconds) covers the gaps between one step's operations and gives the core up soon.
/// </summary>
public static partial class OpenMpTuning
{
    public const string SpinCountVariable = "GOMP_SPINCOUNT";
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";
    public const string SpinCount = "3000";

    /// <summary>
    /// Sets <see cref="SpinCountVariable"/> in the native environment unless the user chose a wait policy or spin
    /// count already. libgomp reads it once, when libtorch loads it, so this must run before TorchSharp loads.
    /// </summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(WaitPolicyVariable) is not null)
        {
            return false;
        }

        // Environment.SetEnvironmentVariable changes only .NET's copy; libgomp reads the C environment.
        return SetEnv(SpinCountVariable, SpinCount, overwrite: 0) == 0;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
