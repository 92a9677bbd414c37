// The menu button on pages rendered without a circuit (guide chapters, account pages): opens and
// closes MudBlazor's responsive drawer through the classes MudDrawer itself would set. Delegated
// from the document, so it survives enhanced navigations and ignores interactive pages, whose
// button lacks the marker attribute.

const wideScreen = window.matchMedia('(min-width: 960px)');

document.addEventListener('click', event => {
    const toggle = event.target instanceof Element ? event.target.closest('[data-static-drawer-toggle]') : null;
    const drawer = document.querySelector('.mud-drawer');
    const layout = document.querySelector('.mud-layout');
    if (!toggle || !drawer || !layout) return;
    // Until first toggled, a responsive drawer is open on wide screens and hidden on narrow ones.
    const open = drawer.classList.contains('mud-drawer--initial') ? !wideScreen.matches : !drawer.classList.contains('mud-drawer--open');
    drawer.classList.remove('mud-drawer--initial');
    drawer.classList.toggle('mud-drawer--open', open);
    drawer.classList.toggle('mud-drawer--closed', !open);
    // Makes room for the drawer beside the page; MudBlazor's stylesheet applies it to wide screens only.
    layout.classList.toggle('mud-drawer-open-responsive-md-left', open);
});
