namespace Portal.Features.Kpis;

/// <summary>
/// Held by a KPI write from its save until its change is published, so that pages receive a workspace's KPI changes in
/// the order they were stored: the view each change carries is read after its save, and no later write can be stored
/// and published in between. A few stripes shared by all workspaces keep writes of different workspaces mostly apart.
/// </summary>
internal sealed class KpiWriteOrder
{
    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, 16).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IDisposable> EnterAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var stripe = stripes[(workspaceId.GetHashCode() & int.MaxValue) % stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
