// A chart drawn while its tab was hidden got Plotly's default width of 700 px, and plotly.js resizes a responsive chart
// only when the window does: on a phone the opened tab then scrolled sideways. The frame redraws the chart inside it at
// its own width whenever that width changes, as it does when the tab opens.
export function follow(frame) {
    if (!frame || frame.growthObserver) {
        return;
    }

    let width = frame.clientWidth;
    const observer = new ResizeObserver(() => {
        const chart = frame.querySelector('.js-plotly-plot');
        if (frame.clientWidth > 0 && frame.clientWidth !== width && chart && window.Plotly) {
            window.Plotly.Plots.resize(chart);
        }

        width = frame.clientWidth;
    });
    observer.observe(frame);
    frame.growthObserver = observer;
}

export function stop(frame) {
    frame?.growthObserver?.disconnect();
}
