// Browser-side finishing of a guide chapter page (rendered statically): formulas, diagrams, copy
// buttons, the table of contents that follows the scroll, and a signed-in reader's position.
// Runs on a full load and again after each enhanced navigation, which replaces the page's content
// without running scripts. Libraries load on first use only.

import { viewerFor } from './diagram-viewer.js';

const scripts = new Map();

function loadScript(src) {
    if (!scripts.has(src)) {
        scripts.set(src, new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = src;
            script.onload = resolve;
            script.onerror = () => reject(new Error(`Could not load ${src}`));
            document.head.appendChild(script);
        }));
    }
    return scripts.get(src);
}

function loadStylesheet(href) {
    if (!document.querySelector(`link[href="${href}"]`)) {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        document.head.appendChild(link);
    }
}

async function renderMath(root) {
    const formulas = root.querySelectorAll('.math:not([data-rendered])');
    if (formulas.length === 0) return;
    loadStylesheet('lib/katex/katex.min.css');
    await loadScript('lib/katex/katex.min.js');
    for (const element of formulas) {
        // Markdig wraps the TeX in \( \) inline and \[ \] for display math.
        const tex = element.textContent.trim().replace(/^\\[([]/, '').replace(/\\[)\]]$/, '');
        window.katex.render(tex, element, { displayMode: element.tagName === 'DIV', throwOnError: false });
        element.setAttribute('data-rendered', 'katex');
    }
}

async function renderDiagrams(root, dark) {
    const diagrams = root.querySelectorAll('pre.mermaid:not([data-processed])');
    if (diagrams.length === 0) return;
    await loadScript('lib/mermaid/mermaid.min.js');
    // At their own size, never shrunk to the column: a wide diagram scrolls inside its figure instead.
    window.mermaid.initialize({
        startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default',
        flowchart: { useMaxWidth: false }, quadrantChart: { useMaxWidth: false },
    });
    // Read before Mermaid replaces the source with the drawing.
    const topDown = [...diagrams].filter(pre => /^\s*(flowchart|graph)\s+(TD|TB)\b/.test(pre.textContent));
    await window.mermaid.run({ nodes: diagrams, suppressErrors: true });
    // A top-down diagram wider than its figure starts in the middle, where its first node is.
    for (const figure of topDown.map(pre => pre.closest('figure'))) {
        if (figure) figure.scrollLeft = (figure.scrollWidth - figure.clientWidth) / 2;
    }
}

// A drawn diagram becomes a button that opens the full-screen viewer; one that failed to draw stays as it is.
function offerViewer(root) {
    for (const figure of root.querySelectorAll('figure.guide-diagram')) {
        if (!figure.querySelector('svg')) continue;
        figure.tabIndex = 0;
        figure.setAttribute('role', 'button');
        figure.setAttribute('aria-haspopup', 'dialog');
        figure.setAttribute('aria-label', root.dataset.diagramLabel);
        figure.title = root.dataset.diagramLabel;
    }
}

// A table or formula wider than the column scrolls on its own; the keyboard reaches it only if it can take focus.
function letScrollersTakeFocus(root) {
    for (const scroller of root.querySelectorAll('.table-wrapper, div.math')) {
        if (scroller.scrollWidth > scroller.clientWidth) scroller.tabIndex = 0;
    }
}

// Markdig's task-list boxes are read-only ticks with no label; the item's own words name them.
function nameTaskBoxes(root) {
    for (const box of root.querySelectorAll('li.task-list-item > input[type=checkbox]')) {
        box.setAttribute('aria-label', box.parentElement.textContent.trim());
    }
}

function openDiagram(event) {
    const figure = event.target.closest?.('[data-guide-chapter] figure.guide-diagram[role=button]');
    const dialog = document.querySelector('[data-diagram-viewer]');
    if (!figure || !dialog) return;
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    viewerFor(dialog).open(figure);
}

function closeDiagram() {
    const dialog = document.querySelector('[data-diagram-viewer]');
    if (dialog) viewerFor(dialog).close();
}

function addCopyButtons(root, labels) {
    for (const pre of root.querySelectorAll('pre:not(.mermaid)')) {
        if (pre.querySelector('.copy-code')) continue;
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'copy-code';
        button.textContent = labels.copy;
        button.setAttribute('aria-label', labels.copy);
        button.addEventListener('click', async () => {
            const code = pre.querySelector('code')?.innerText ?? pre.innerText;
            try {
                await navigator.clipboard.writeText(code);
                button.textContent = labels.copied;
            } catch {
                button.textContent = labels.copyFailed;
            }
            setTimeout(() => { button.textContent = labels.copy; }, 2000);
        });
        pre.appendChild(button);
    }
}

function followHeadings(root, toc) {
    if (!toc) return () => { };
    const links = new Map([...toc.querySelectorAll('a[data-heading]')].map(a => [a.dataset.heading, a]));
    const visible = new Set();
    const observer = new IntersectionObserver(entries => {
        for (const entry of entries) {
            if (entry.isIntersecting) visible.add(entry.target.id); else visible.delete(entry.target.id);
        }
        const headings = [...root.querySelectorAll('h2[id], h3[id]')];
        const current = headings.find(h => visible.has(h.id))
            ?? headings.filter(h => h.getBoundingClientRect().top < 0).pop();
        for (const [id, link] of links) link.classList.toggle('active', current?.id === id);
    }, { rootMargin: '-64px 0px -60% 0px' });
    root.querySelectorAll('h2[id], h3[id]').forEach(h => observer.observe(h));
    return () => observer.disconnect();
}

function positionOf(root) {
    const rect = root.getBoundingClientRect();
    const seen = window.innerHeight - rect.top;
    return Math.max(0, Math.min(1, seen / Math.max(rect.height, 1)));
}

// The page holds a form with the chapter and an antiforgery token only for signed-in readers.
function trackPosition(root, form) {
    if (!form) return () => { };
    // Copied now: an enhanced navigation may refill the same form for the next chapter.
    const action = form.action;
    const fields = [...new FormData(form)];
    let sent = -1;
    let pending = null;
    let timer = null;
    const send = () => {
        timer = null;
        if (pending === null || Math.abs(pending - sent) < 0.02) return;
        sent = pending;
        const body = new FormData();
        fields.forEach(([name, value]) => body.append(name, value));
        body.append('position', String(pending));
        fetch(action, { method: 'POST', body, keepalive: true, credentials: 'same-origin' }).catch(() => { });
    };
    // Measured while this chapter is on screen: after an enhanced navigation the same element may
    // already hold the next chapter when the last report goes out.
    const onScroll = () => {
        pending = positionOf(root);
        if (timer === null) timer = setTimeout(send, 1500);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('pagehide', send);
    onScroll();
    return () => {
        window.removeEventListener('scroll', onScroll);
        window.removeEventListener('pagehide', send);
        if (timer !== null) { clearTimeout(timer); send(); }
    };
}

let stopCurrent = () => { };

async function enhanceChapterPage() {
    stopCurrent();
    stopCurrent = () => { };
    const root = document.querySelector('[data-guide-chapter]');
    if (!root) return;
    const labels = { copy: root.dataset.copyLabel, copied: root.dataset.copiedLabel, copyFailed: root.dataset.copyFailedLabel };
    addCopyButtons(root, labels);
    nameTaskBoxes(root);
    const stops = [followHeadings(root, document.querySelector('[data-testid=chapter-toc]')), trackPosition(root, document.querySelector('form[data-guide-progress]'))];
    stops.push(closeDiagram);
    stopCurrent = () => stops.forEach(stop => stop());
    const resumeAt = Number(root.dataset.resumeAt) || 0;
    if (location.hash) {
        document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
    } else if (resumeAt > 0) {
        const rect = root.getBoundingClientRect();
        window.scrollTo({ top: window.scrollY + rect.top + rect.height * resumeAt - window.innerHeight });
    }
    await Promise.all([renderMath(root).then(() => letScrollersTakeFocus(root)), renderDiagrams(root, document.body.classList.contains('portal-dark')).then(() => offerViewer(root))]);
}

// Listened for on the document: enhanced navigation replaces the figures without running this module again.
document.addEventListener('click', openDiagram);
document.addEventListener('keydown', openDiagram);
enhanceChapterPage();
window.Blazor?.addEventListener('enhancedload', enhanceChapterPage);
