namespace Portal.Infrastructure;

/// <summary>
/// Circuit requests never hold up the host's stop. SignalR closes the connections it knows of when the host begins to
/// stop, but browsers reconnect at once, and a connection that slipped in after that close stayed open until the host's
/// shutdown time ran out (dotnet/aspnetcore#58947); a page's <c>POST /_blazor/disconnect</c> can also wait a long time
/// for its circuit to be disposed (seen open for 17-150 s in the E2E runs). Kestrel waits for every request it serves,
/// and the job engine, which shares that time, then failed its own stop with an unhandled OperationCanceledException.
/// So once the host is stopping, new circuit requests are refused, open ones are aborted, and the middleware stops
/// waiting for them; the process is ending, so what they were still doing no longer matters.
/// </summary>
public static class CircuitsEndOnShutdown
{
    private const string CircuitPath = "/_blazor";

    public static WebApplication UseCircuitsEndOnShutdown(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stopping.Register(() => stopped.TrySetResult());
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

            var handling = next(context);
            if (await Task.WhenAny(handling, stopped.Task) != handling)
            {
                context.Abort();
                // Observed, so that a failure of the abandoned request is not reported as unobserved.
                _ = handling.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return;
            }

            await handling;
        });
        return app;
    }
}
