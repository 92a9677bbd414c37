namespace Portal.Collaboration.Load;

/// <summary>
/// A portal process whose CPU and memory the bench reads. In cluster mode a web node also says where pages go:
/// <see cref="Authority"/> is how nginx names it in its X-Portal-Node header (<c>127.0.0.1:PORT</c>), and
/// <see cref="Pin"/> a <c>portal_node</c> cookie value that nginx sends to it.
/// </summary>
public sealed record PortalNode(string Name, int Pid, string? Authority = null, string? Pin = null);

/// <summary>
/// What the rounds run against: the processes that count as the portal (the one embedded process, or each web node of
/// a cluster, which the pages take in turn) and, in cluster mode, the worker.
/// </summary>
public sealed record LoadTarget(IReadOnlyList<PortalNode> WebNodes, PortalNode? Worker = null)
{
    public bool IsCluster => WebNodes.Count > 1;

    /// <summary>The node page <paramref name="index"/> opens on: each web node in turn, so each holds its share.</summary>
    public PortalNode NodeOfPage(int index) => WebNodes[index % WebNodes.Count];

    /// <summary>The portal's resident memory in MiB: summed over the web nodes.</summary>
    public double ResidentMegabytes() => WebNodes.Sum(node => ProcFs.ResidentMegabytes(node.Pid));

    /// <summary>CPU time of each web node and the worker, by name, to be compared with a later reading.</summary>
    public Dictionary<string, TimeSpan> CpuTimes() =>
        WebNodes.Append(Worker).OfType<PortalNode>().ToDictionary(node => node.Name, node => ProcFs.CpuTime(node.Pid));
}
