using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Portal.Features.ModelLab;

/// <summary>
/// Hangfire keeps one log provider per process, and each host that starts sets its own logger factory there. Where
/// several hosts share a process (the tests) and one of them stops, the others asked its disposed factory for loggers
/// and failed to queue jobs (ObjectDisposedException: a lab test failed so in CI). This provider logs through the host's
/// factory and logs nothing once that factory is gone.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider host = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new Guarded(host.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent;
        }
    }

    private static readonly ILog Silent = new Guarded(null);

    private sealed class Guarded(ILog? inner) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
