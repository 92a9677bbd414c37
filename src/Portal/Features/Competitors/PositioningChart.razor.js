// Dragging a company's point on a positioning map. Plotly has no dragging of scatter points, so the chart's box
// listens itself (before Plotly does, in the capture phase): a press within a few pixels of a company's point takes
// the pointer, the point follows it (kept inside the axes, in steps of 0.1), and on release the new place goes to the
// server, which saves it and redraws every open map. A press anywhere else is left to Plotly (hover, as before).
// The chart is also fitted to its box whenever the box changes size: drawn in a tab that was hidden, Plotly would keep
// the width it guessed until the window itself was resized.
const reach = 14;

export function attach(host, dotnet, min, max, draggable) {
    let drag = null;
    const resizing = new ResizeObserver(() => {
        const chart = host.querySelector('.js-plotly-plot');
        if (chart?._fullLayout && host.offsetWidth > 0 && window.Plotly) {
            window.Plotly.Plots.resize(chart);
        }
    });
    resizing.observe(host);

    const axes = () => {
        const chart = host.querySelector('.js-plotly-plot');
        const layout = chart?._fullLayout;
        return layout?.xaxis && layout?.yaxis && window.Plotly ? { chart, xaxis: layout.xaxis, yaxis: layout.yaxis } : null;
    };

    // The pointer's place in pixels from the plot area's corner.
    const local = (found, event) => {
        const box = found.chart.getBoundingClientRect();
        return { px: event.clientX - box.left - found.xaxis._offset, py: event.clientY - box.top - found.yaxis._offset };
    };

    // The axes are linear: two of their points give the way back from pixels to values.
    const value = (axis, pixels) => {
        const [zero, one] = [axis.l2p(0), axis.l2p(1)];
        return Math.round(Math.min(max, Math.max(min, (pixels - zero) / (one - zero))) * 10) / 10;
    };

    const down = (event) => {
        if (event.button !== 0 || drag !== null) {
            return;
        }

        const found = axes();
        if (found === null) {
            return;
        }

        const { px, py } = local(found, event);
        let nearest = null;
        found.chart.data.forEach((trace, t) => {
            if (!Array.isArray(trace.customdata)) {
                return;
            }

            trace.x.forEach((x, i) => {
                const distance = Math.hypot(found.xaxis.l2p(x) - px, found.yaxis.l2p(trace.y[i]) - py);
                if (distance <= reach && (nearest === null || distance < nearest.distance)) {
                    nearest = { t, i, distance };
                }
            });
        });
        if (nearest === null) {
            return;
        }

        // Taken: Plotly hears nothing of this press (no mouse events follow a cancelled pointerdown).
        event.preventDefault();
        event.stopPropagation();
        host.setPointerCapture(event.pointerId);
        const trace = found.chart.data[nearest.t];
        drag = { ...found, t: nearest.t, i: nearest.i, id: trace.customdata[nearest.i], pointer: event.pointerId, moved: false, x: trace.x[nearest.i], y: trace.y[nearest.i] };
        host.classList.add('dragging');
    };

    const move = (event) => {
        if (drag === null || event.pointerId !== drag.pointer) {
            return;
        }

        event.preventDefault();
        event.stopPropagation();
        const { px, py } = local(drag, event);
        const [x, y] = [value(drag.xaxis, px), value(drag.yaxis, py)];
        if (x === drag.x && y === drag.y) {
            return;
        }

        const trace = drag.chart.data[drag.t];
        const xs = [...trace.x];
        const ys = [...trace.y];
        xs[drag.i] = x;
        ys[drag.i] = y;
        Object.assign(drag, { x, y, moved: true });
        window.Plotly.restyle(drag.chart, { x: [xs], y: [ys] }, [drag.t]);
    };

    const up = (event) => {
        if (drag === null || event.pointerId !== drag.pointer) {
            return;
        }

        const done = drag;
        drag = null;
        host.classList.remove('dragging');
        if (done.moved) {
            dotnet.invokeMethodAsync('MovedAsync', done.id, done.x, done.y);
        }
    };

    const cancel = () => {
        drag = null;
        host.classList.remove('dragging');
    };

    if (draggable) {
        host.addEventListener('pointerdown', down, true);
        host.addEventListener('pointermove', move, true);
        host.addEventListener('pointerup', up, true);
        host.addEventListener('pointercancel', cancel, true);
    }

    return {
        detach() {
            resizing.disconnect();
            host.removeEventListener('pointerdown', down, true);
            host.removeEventListener('pointermove', move, true);
            host.removeEventListener('pointerup', up, true);
            host.removeEventListener('pointercancel', cancel, true);
        },
    };
}
