// Starts Blazor (blazor.web.js is loaded with autostart="false") with a reconnect loop that asks the server
// every second, so that a restarted portal is found within seconds rather than after a growing countdown.
Blazor.start({
    circuit: {
        reconnectionOptions: {
            maxRetries: 600,
            retryIntervalMilliseconds: attempt => (attempt < 120 ? 1000 : 5000),
        },
    },
});
