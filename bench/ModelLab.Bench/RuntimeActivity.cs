using System.Globalization;
using System.Runtime;

namespace Portal.ModelLab.Bench;

/// <summary>
/// What the .NET runtime itself spent while a measured run trained: the pauses and collections of the GC and the
/// JIT's compile time, and the CPU time of each thread, for telling the full path's overhead from libtorch's work.
/// </summary>
internal readonly record struct RuntimeActivity(TimeSpan GcPause, int Gen0, int Gen1, int Gen2, TimeSpan Jit, ThreadCpu Threads)
{
    public static RuntimeActivity Now() =>
        new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), JitInfo.GetCompilationTime(), ThreadCpu.Now());

    public RuntimeActivity Since(RuntimeActivity start) =>
        new(GcPause - start.GcPause, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Jit - start.Jit, Threads.Since(start.Threads));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"gc_pause_ms={GcPause.TotalMilliseconds:F0} gen0={Gen0} gen1={Gen1} gen2={Gen2} jit_ms={Jit.TotalMilliseconds:F0} thread_cpu_ms: {Threads}");
}
