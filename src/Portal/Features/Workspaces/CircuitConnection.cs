using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Features.Workspaces;

/// <summary>
/// Tells one circuit's components when its browser connection drops and comes back. A tab that closes says goodbye
/// with a beacon that can get lost; without this, its viewer would stay "here" until the circuit expires minutes later.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private readonly List<Func<bool, Task>> listeners = [];

    /// <summary>Calls <paramref name="listener"/> with false when the connection drops and true when it returns.</summary>
    public IDisposable Listen(Func<bool, Task> listener)
    {
        lock (listeners)
        {
            listeners.Add(listener);
        }

        return new Unlisten(() =>
        {
            lock (listeners)
            {
                listeners.Remove(listener);
            }
        });
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => TellAsync(false);

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) => TellAsync(true);

    private async Task TellAsync(bool connected)
    {
        Func<bool, Task>[] now;
        lock (listeners)
        {
            now = [.. listeners];
        }

        foreach (var listener in now)
        {
            await listener(connected);
        }
    }

    private sealed class Unlisten(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
