namespace Portal.Infrastructure;

/// <summary>
/// Ends every Blazor circuit connection when the host begins to stop, and refuses new ones from then on. SignalR
/// closes the connections it knows of at that moment, but browsers reconnect at once: a connection that slipped in
/// after that close stayed open until the host's shutdown time ran out (30 s), and the job engine, which shares that
/// time, then failed its own stop with an unhandled OperationCanceledException.
/// </summary>
public static class CircuitsEndOnShutdown
{
    private const string CircuitPath = "/_blazor";

    public static WebApplication UseCircuitsEndOnShutdown(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(CircuitPath))
            {
                await next(context);
                return;
            }

            if (stopping.IsCancellationRequested)
            {
                // The browser's reconnect loop tries again shortly and finds the next process.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await using var end = stopping.Register(static state => ((HttpContext)state!).Abort(), context);
            await next(context);
        });
        return app;
    }
}
