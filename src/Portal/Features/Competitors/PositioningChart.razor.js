// Dragging a company's point on a positioning map. Plotly has no dragging of scatter points, so the chart's box
// listens itself (before Plotly does, in the capture phase): a press within a few pixels of a company's point takes
// the pointer, the point follows it (kept inside the axes, in steps of 0.1), and on release the new place goes to the
// server, which saves it and redraws every open map. A press anywhere else is left to Plotly (hover, as before).
const reach = 14;

export function attach(host, dotnet, min, max) {
    let drag = null;

    const axes = () => {
        const chart = host.querySelector('.js-plotly-plot');
        const layout = chart?._fullLayout;
        return layout?.xaxis && layout?.yaxis && window.Plotly ? { chart, x: layout.xaxis, y: layout.yaxis } : null;
    };

    // The pointer's place in pixels from the plot area's corner.
    const local = (found, event) => {
        const box = found.chart.getBoundingClientRect();
        return { px: event.clientX - box.left - found.x._offset, py: event.clientY - box.top - found.y._offset };
    };

    const value = (axis, pixels) => Math.round(Math.min(max, Math.max(min, axis.p2l(pixels))) * 10) / 10;

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
                const distance = Math.hypot(found.x.l2p(x) - px, found.y.l2p(trace.y[i]) - py);
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
        const [x, y] = [value(drag.x, px), value(drag.y, py)];
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

    host.addEventListener('pointerdown', down, true);
    host.addEventListener('pointermove', move, true);
    host.addEventListener('pointerup', up, true);
    host.addEventListener('pointercancel', cancel, true);
    return {
        detach() {
            host.removeEventListener('pointerdown', down, true);
            host.removeEventListener('pointermove', move, true);
            host.removeEventListener('pointerup', up, true);
            host.removeEventListener('pointercancel', cancel, true);
        },
    };
}
