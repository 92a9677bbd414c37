// The app bar's search box on pages rendered without a circuit (guide chapters, account pages):
// results as you type from /api/search, with the markup and keys of the interactive box
// (GuideSearchBox.razor). Events are delegated from the document, so the box keeps working after
// enhanced navigations and is left alone once a page is interactive (the marker attribute is gone).

const shown = 8;
let states = new WeakMap();

function boxOf(target) {
    return target instanceof Element ? target.closest('form[data-static-search]') : null;
}

function stateOf(form) {
    if (!states.has(form)) states.set(form, { hits: [], selected: -1, open: false, request: null });
    return states.get(form);
}

function hitLink(hit) {
    return hit.headingId ? `guide/${hit.slug}#${encodeURIComponent(hit.headingId)}` : `guide/${hit.slug}`;
}

function render(form) {
    const state = stateOf(form);
    const input = form.querySelector('input[type=search]');
    input.setAttribute('aria-expanded', state.open ? 'true' : 'false');
    form.querySelector('.portal-search-results')?.remove();
    if (!state.open) return;

    const list = document.createElement('div');
    list.className = 'portal-search-results';
    list.id = 'guide-search-results';
    list.setAttribute('role', 'listbox');
    list.dataset.testid = 'guide-search-results';
    // Keeps the focus in the box, so that a click on a result is not lost to focusout.
    list.addEventListener('mousedown', event => event.preventDefault());
    state.hits.forEach((hit, index) => {
        const link = document.createElement('a');
        link.href = hitLink(hit);
        link.className = index === state.selected ? 'selected' : '';
        link.setAttribute('role', 'option');
        link.setAttribute('aria-selected', index === state.selected ? 'true' : 'false');
        link.dataset.testid = 'guide-search-hit';
        const title = document.createElement('strong');
        title.textContent = hit.title;
        link.append(title);
        if (hit.heading) {
            const heading = document.createElement('span');
            heading.className = 'portal-muted';
            heading.textContent = ` › ${hit.heading}`;
            link.append(heading);
        }
        const snippet = document.createElement('span');
        snippet.className = 'guide-snippet';
        // The server escapes the text and adds only <mark> around matches, as for the interactive box.
        snippet.innerHTML = hit.snippet;
        link.append(snippet);
        link.addEventListener('click', () => { state.open = false; render(form); });
        list.append(link);
    });
    form.append(list);
}

async function search(form, query) {
    const state = stateOf(form);
    state.request?.abort();
    const trimmed = query.trim();
    const maxLength = Number(form.querySelector('input[type=search]').maxLength);
    if (trimmed.length === 0 || trimmed.length > maxLength) {
        Object.assign(state, { hits: [], selected: -1, open: false, request: null });
        render(form);
        return;
    }
    const request = new AbortController();
    state.request = request;
    try {
        const response = await fetch(`api/search?q=${encodeURIComponent(trimmed)}`, { signal: request.signal });
        const hits = response.ok ? (await response.json()).slice(0, shown) : [];
        Object.assign(state, { hits, selected: hits.length > 0 ? 0 : -1, open: hits.length > 0, request: null });
        render(form);
    } catch (error) {
        if (error.name !== 'AbortError') throw error;
    }
}

document.addEventListener('input', event => {
    const form = boxOf(event.target);
    if (form) search(form, event.target.value);
});

document.addEventListener('keydown', event => {
    const form = boxOf(event.target);
    if (!form) return;
    const state = stateOf(form);
    const count = state.hits.length;
    if (event.key === 'ArrowDown' && count > 0) {
        state.selected = (state.selected + 1) % count;
        state.open = true;
    } else if (event.key === 'ArrowUp' && count > 0) {
        state.selected = (state.selected - 1 + count) % count;
        state.open = true;
    } else if (event.key === 'Escape') {
        state.open = false;
    } else {
        return;
    }
    event.preventDefault();
    render(form);
});

// Enter on a highlighted result opens it (through Blazor's enhanced navigation); otherwise the form
// submits as it would without script and opens the guide's search page.
document.addEventListener('submit', event => {
    const form = boxOf(event.target);
    const selected = form?.querySelector('.portal-search-results a.selected');
    if (!selected) return;
    event.preventDefault();
    selected.click();
});

document.addEventListener('focusin', event => {
    const form = boxOf(event.target);
    if (!form) return;
    const state = stateOf(form);
    if (state.hits.length > 0 && !state.open) {
        state.open = true;
        render(form);
    }
});

document.addEventListener('focusout', event => {
    const form = boxOf(event.target);
    if (!form || form.contains(event.relatedTarget)) return;
    stateOf(form).open = false;
    render(form);
});

// An enhanced navigation re-renders the box from the server; what it showed before is gone.
window.Blazor?.addEventListener('enhancedload', () => { states = new WeakMap(); });
