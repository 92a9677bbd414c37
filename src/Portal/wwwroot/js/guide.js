// Browser-side finishing of a guide chapter: formulas, diagrams, copy buttons, the table of
// contents that follows the scroll, and the reader's position. Libraries load on first use only.

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
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
    await window.mermaid.run({ nodes: diagrams, suppressErrors: true });
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

function trackPosition(root, reader) {
    if (!reader) return () => { };
    let last = -1;
    let timer = null;
    const report = () => {
        timer = null;
        const position = positionOf(root);
        if (Math.abs(position - last) >= 0.02) {
            last = position;
            reader.invokeMethodAsync('ReportPositionAsync', position).catch(() => { });
        }
    };
    const onScroll = () => { if (timer === null) timer = setTimeout(report, 1500); };
    window.addEventListener('scroll', onScroll, { passive: true });
    report();
    return () => {
        window.removeEventListener('scroll', onScroll);
        if (timer !== null) { clearTimeout(timer); report(); }
    };
}

const sessions = new WeakMap();

/** Finishes a rendered chapter; call again after the chapter's HTML changes. */
export async function enhance(root, toc, options, reader) {
    release(root);
    addCopyButtons(root, options.labels);
    const stops = [followHeadings(root, toc), trackPosition(root, reader)];
    sessions.set(root, stops);
    if (location.hash) {
        document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
    } else if (options.resumeAt > 0) {
        const rect = root.getBoundingClientRect();
        window.scrollTo({ top: window.scrollY + rect.top + rect.height * options.resumeAt - window.innerHeight });
    }
    await Promise.all([renderMath(root), renderDiagrams(root, options.dark)]);
}

/** Stops following the scroll for a chapter that is leaving the page. */
export function release(root) {
    for (const stop of sessions.get(root) ?? []) stop();
    sessions.delete(root);
}
