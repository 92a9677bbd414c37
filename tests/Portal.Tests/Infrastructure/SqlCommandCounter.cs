using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The SQL commands and saves EF Core runs for the code awaited after this is made, seen through EF Core's diagnostic
/// listener. Only this async flow counts, so background work and tests running beside it are left out.
/// </summary>
public sealed class SqlCommandCounter : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<SqlCommandCounter?> Current = new();

    private readonly List<IDisposable> subscriptions = [];
    private readonly List<string> commands = [];
    private int saves;

    public SqlCommandCounter()
    {
        Current.Value = this;
        subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (commands)
            {
                return [.. commands];
            }
        }
    }

    public int Saves => Volatile.Read(ref saves);

    public void Dispose()
    {
        Current.Value = null;
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (Current.Value != this)
        {
            return;
        }

        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData command)
        {
            lock (commands)
            {
                commands.Add(command.Command.CommandText);
            }
        }
        else if (value.Key == CoreEventId.SaveChangesStarting.Name)
        {
            Interlocked.Increment(ref saves);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
