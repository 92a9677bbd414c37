using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.E2E;

/// <summary>
/// Keeps what a stopping portal was busy with: the requests still open and the warnings it logged. The host's
/// services share one shutdown time, and when it runs out the job engine throws a bare OperationCanceledException
/// that names nothing; this says what was still going on.
/// </summary>
public sealed class ShutdownWitness : IStartupFilter
{
    private const int WarningsKept = 20;

    private readonly ConcurrentDictionary<HttpContext, (string Request, long Started)> openRequests = new();
    private readonly ConcurrentQueue<string> warnings = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            openRequests[context] = ($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", Stopwatch.GetTimestamp());
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                openRequests.TryRemove(context, out _);
            }
        });
        next(app);
    };

    /// <summary>The requests open now, with how long each has been.</summary>
    public string OpenRequests() =>
        string.Join(", ", openRequests.Values.Select(r => $"{r.Request} ({Stopwatch.GetElapsedTime(r.Started).TotalSeconds:0.0} s)"));

    /// <summary>The last warnings and errors the portal logged, oldest first.</summary>
    public string RecentWarnings() => string.Join(" | ", warnings);

    /// <summary>A logger provider for the portal's host, which owns it, that hands warnings and errors to this witness.</summary>
    public ILoggerProvider NewLoggerProvider() => new WarningLoggerProvider(this);

    private void Keep(string entry)
    {
        warnings.Enqueue(entry);
        while (warnings.Count > WarningsKept && warnings.TryDequeue(out _))
        {
        }
    }

    private sealed class WarningLoggerProvider(ShutdownWitness witness) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new WarningLogger(witness, categoryName);

        public void Dispose()
        {
            // The loggers hold nothing of their own.
        }
    }

    private sealed class WarningLogger(ShutdownWitness witness, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                witness.Keep($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
        }
    }
}
