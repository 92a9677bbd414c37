// The mention list of one comment box (MentionBox.razor): what follows an "@" before the caret is sent to .NET, which
// renders the matching people; while the list is open, arrows, Enter, Tab and Esc belong to it. A choice replaces the
// "@query" in the box and is announced with an input event, so Blazor's binding and drafts.js see it like typing.

// An "@" at the start or after anything but a Latin letter, digit or address sign (so not inside an e-mail address, but
// right after Chinese text), then up to 40 characters of a name.
const mentionBeforeCaret = /(?:^|[^A-Za-z0-9._%+-])@([^@\n]{0,40})$/u;

export function attach(root, dotNet) {
    const box = root.querySelector("textarea, input");
    if (!box) {
        return;
    }

    let open = false;

    function mentionAtCaret() {
        if (box.selectionStart !== box.selectionEnd) {
            return null;
        }

        const match = mentionBeforeCaret.exec(box.value.slice(0, box.selectionStart));
        return match ? { query: match[1], start: box.selectionStart - match[1].length - 1, end: box.selectionStart } : null;
    }

    async function suggest() {
        const mention = mentionAtCaret();
        if (!mention && !open) {
            return;
        }

        open = (await dotNet.invokeMethodAsync("Suggest", mention?.query ?? null)) > 0;
    }

    async function pick(index) {
        const mention = mentionAtCaret();
        const text = await dotNet.invokeMethodAsync("Pick", index);
        open = false;
        if (!mention || !text) {
            return;
        }

        box.focus();
        box.setRangeText(text, mention.start, mention.end, "end");
        box.dispatchEvent(new Event("input", { bubbles: true }));
    }

    box.addEventListener("input", suggest);
    box.addEventListener("click", suggest);
    box.addEventListener("blur", () => open && dotNet.invokeMethodAsync("Suggest", null).then(() => open = false));

    box.addEventListener("keydown", event => {
        if (!open || event.isComposing) {
            return;
        }

        const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            dotNet.invokeMethodAsync("Move", event.key === "ArrowDown" ? 1 : -1);
        } else if ((event.key === "Enter" || event.key === "Tab") && plain) {
            pick(null);
        } else if (event.key === "Escape") {
            // The list closes; the editor around the box (js/editor-keys.js) is not cancelled.
            open = false;
            dotNet.invokeMethodAsync("Suggest", null);
        } else {
            return;
        }

        event.preventDefault();
        event.stopPropagation();
    });

    // A click on a suggestion must not take the focus (and the caret) from the box.
    root.addEventListener("mousedown", event => {
        const option = event.target instanceof Element ? event.target.closest("[data-mention-index]") : null;
        if (option) {
            event.preventDefault();
            pick(Number(option.dataset.mentionIndex));
        }
    });

    // What was typed before the page's circuit attached this script is looked at now, and the box says it is ready.
    if (document.activeElement === box) {
        suggest();
    }

    root.setAttribute("data-mentions-ready", "");
}
