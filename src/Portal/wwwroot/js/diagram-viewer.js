// The full-screen diagram viewer of a guide chapter: the page renders an empty <dialog> with its
// labelled buttons, and a diagram's SVG is moved into it while it is open (moved, not copied: a
// Mermaid SVG styles itself and its arrowheads through its own element ids, which a copy would repeat).
// Zoom with the buttons, the wheel, a pinch or + and -; pan by dragging with a mouse or one finger,
// or with the arrow keys.

const minScale = 0.2;
const maxScale = 8;
const buttonStep = 1.25;
const keyPan = 60;
const margin = 16;

const viewers = new WeakMap();

/** The viewer for a page's dialog, made on first use; an enhanced navigation may bring a new dialog. */
export function viewerFor(dialog) {
    if (!viewers.has(dialog)) viewers.set(dialog, createViewer(dialog));
    return viewers.get(dialog);
}

function createViewer(dialog) {
    const stage = dialog.querySelector('[data-viewer-stage]');
    const content = dialog.querySelector('[data-viewer-content]');
    const level = dialog.querySelector('[data-viewer-level]');
    const pointers = new Map();
    let figure = null;
    let svg = null;
    let size = { width: 0, height: 0 };
    let view = { scale: 1, x: 0, y: 0 };

    function apply() {
        content.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
        level.textContent = `${Math.round(view.scale * 100)}%`;
    }

    // The whole diagram when it fits at its own size or larger (up to twice), otherwise its own size
    // from its start: shrunk to fit, a wide diagram's text would be too small to read.
    function reset() {
        const box = stage.getBoundingClientRect();
        const fit = Math.min(box.width / size.width, box.height / size.height) * 0.95;
        const scale = Math.min(2, Math.max(1, fit));
        const start = (room, length) => (length <= room ? (room - length) / 2 : margin);
        view = { scale, x: start(box.width, size.width * scale), y: start(box.height, size.height * scale) };
        apply();
    }

    function zoomAt(factor, clientX, clientY) {
        const box = stage.getBoundingClientRect();
        const px = clientX - box.left;
        const py = clientY - box.top;
        const scale = Math.min(maxScale, Math.max(minScale, view.scale * factor));
        const ratio = scale / view.scale;
        view = { scale, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio };
        apply();
    }

    function zoomAtCentre(factor) {
        const box = stage.getBoundingClientRect();
        zoomAt(factor, box.left + box.width / 2, box.top + box.height / 2);
    }

    function panBy(dx, dy) {
        view = { ...view, x: view.x + dx, y: view.y + dy };
        apply();
    }

    function open(from) {
        const diagram = from.querySelector('svg');
        if (!diagram || dialog.open) return;
        const box = diagram.getBoundingClientRect();
        size = { width: box.width, height: box.height };
        figure = from;
        svg = diagram;
        // Keeps the page from shifting under the dialog while the figure is empty.
        figure.style.minHeight = `${figure.getBoundingClientRect().height}px`;
        svg.style.width = `${size.width}px`;
        svg.style.height = `${size.height}px`;
        content.appendChild(svg);
        dialog.showModal();
        reset();
    }

    function close() {
        if (dialog.open) dialog.close();
    }

    // Runs however the dialog closes: its button, Esc (the dialog's own cancel) or a navigation.
    dialog.addEventListener('close', () => {
        if (!svg || !figure) return;
        svg.style.width = '';
        svg.style.height = '';
        figure.querySelector('pre.mermaid')?.appendChild(svg);
        figure.style.minHeight = '';
        if (figure.isConnected) figure.focus({ preventScroll: true });
        pointers.clear();
        svg = null;
        figure = null;
    });

    dialog.addEventListener('click', event => {
        const action = event.target.closest('[data-viewer-action]')?.dataset.viewerAction;
        if (action === 'in') zoomAtCentre(buttonStep);
        else if (action === 'out') zoomAtCentre(1 / buttonStep);
        else if (action === 'reset') reset();
        else if (action === 'close') close();
    });

    dialog.addEventListener('keydown', event => {
        if (event.target.closest('button') && (event.key === 'Enter' || event.key === ' ')) return;
        const handled = {
            '+': () => zoomAtCentre(buttonStep),
            '=': () => zoomAtCentre(buttonStep),
            '-': () => zoomAtCentre(1 / buttonStep),
            '0': reset,
            ArrowLeft: () => panBy(keyPan, 0),
            ArrowRight: () => panBy(-keyPan, 0),
            ArrowUp: () => panBy(0, keyPan),
            ArrowDown: () => panBy(0, -keyPan),
        }[event.key];
        if (handled) {
            event.preventDefault();
            handled();
        }
    });

    stage.addEventListener('wheel', event => {
        event.preventDefault();
        // Pixels from a wheel or touchpad, lines from some mice: both become a smooth factor.
        const delta = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
        zoomAt(Math.exp(-delta * 0.002), event.clientX, event.clientY);
    }, { passive: false });

    stage.addEventListener('dblclick', event => zoomAt(2, event.clientX, event.clientY));

    // One pointer pans; two pinch, zooming about their midpoint and panning with it.
    stage.addEventListener('pointerdown', event => {
        stage.setPointerCapture(event.pointerId);
        pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    });

    stage.addEventListener('pointermove', event => {
        const last = pointers.get(event.pointerId);
        if (!last) return;
        const others = [...pointers].filter(([id]) => id !== event.pointerId).map(([, point]) => point);
        const now = { x: event.clientX, y: event.clientY };
        if (others.length === 0) {
            panBy(now.x - last.x, now.y - last.y);
        } else {
            const other = others[0];
            const before = Math.hypot(last.x - other.x, last.y - other.y);
            const after = Math.hypot(now.x - other.x, now.y - other.y);
            const mid = { x: (now.x + other.x) / 2, y: (now.y + other.y) / 2 };
            panBy(mid.x - (last.x + other.x) / 2, mid.y - (last.y + other.y) / 2);
            if (before > 0) zoomAt(after / before, mid.x, mid.y);
        }
        pointers.set(event.pointerId, now);
    });

    const release = event => pointers.delete(event.pointerId);
    stage.addEventListener('pointerup', release);
    stage.addEventListener('pointercancel', release);

    return { open, close };
}
