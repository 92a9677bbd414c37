// Keyboard shortcuts for inline editors. Inside an element marked data-editor-keys, Ctrl+Enter (⌘+Enter on a Mac)
// clicks the editor's button marked data-editor-key="save" and Esc its button marked data-editor-key="cancel", so a
// shortcut does exactly what the button does, drafts included. Only the innermost editor answers: a comment box
// inside a note editor sends the comment rather than saving the note, and its Esc never closes the note.
(() => {
    // These fields close their own lists with Esc.
    const ownsEscape = ".mud-select, .mud-picker, .mud-autocomplete";

    function actionOf(event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey) {
            return "save";
        }

        if (event.key === "Escape" && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey) {
            return "cancel";
        }

        return null;
    }

    document.addEventListener("keydown", event => {
        const action = actionOf(event);
        if (action === null || event.defaultPrevented || event.isComposing || !(event.target instanceof Element)) {
            return;
        }

        const editor = event.target.closest("[data-editor-keys]");
        if (!editor || (action === "cancel" && event.target.closest(ownsEscape))) {
            return;
        }

        const button = [...editor.querySelectorAll(`[data-editor-key="${action}"]`)]
            .find(candidate => candidate.closest("[data-editor-keys]") === editor);
        if (button && !button.disabled) {
            event.preventDefault();
            button.click();
        }
    });
})();
