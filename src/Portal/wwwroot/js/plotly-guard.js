// Plotly.Blazor queues a chart's drawing until plotly.js has loaded, and then draws without looking whether the chart
// is still on the page: a chart replaced in the meantime (a live update, another question opened) made plotly.js throw
// "No DOM element with id …". When plotly.js installs itself, its drawing calls are given a look first: a chart that has
// left the page is not drawn.
(() => {
    const drawing = new Set(['newPlot', 'react', 'update', 'extendTraces', 'prependTraces', 'addTraces', 'deleteTraces', 'relayout', 'restyle', 'purge']);
    let plotly;
    Object.defineProperty(window, 'Plotly', {
        configurable: true,
        get: () => plotly,
        set: (loaded) => {
            plotly = new Proxy(loaded, {
                get(target, name, receiver) {
                    const value = Reflect.get(target, name, receiver);
                    if (!drawing.has(name) || typeof value !== 'function') {
                        return value;
                    }

                    return (chart, ...rest) => typeof chart === 'string' && document.getElementById(chart) === null
                        ? Promise.resolve()
                        : value.call(target, chart, ...rest);
                },
            });
        },
    });
})();
