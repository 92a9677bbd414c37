// Unsaved text kept in this browser, per user and item, until it is saved or discarded: it survives a reload,
// a lost connection and a server restart. Elements with data-draft-key="{user}|{scope}" are saved on every
// input, in the browser, so nothing depends on the server being reachable while the user types.
(() => {
    const storagePrefix = "portal-draft|";

    function read(storageKey) {
        try {
            return JSON.parse(localStorage.getItem(storageKey) ?? "null");
        } catch {
            return null;
        }
    }

    function save(key, text, base) {
        try {
            if (text.trim() === "") {
                localStorage.removeItem(storagePrefix + key);
            } else {
                localStorage.setItem(storagePrefix + key, JSON.stringify({ text, base: base ?? "", at: Date.now() }));
            }
        } catch {
            // Storage full or refused: the text is still in the box.
        }
    }

    function keysWith(prefix) {
        const keys = [];
        for (let i = 0; i < localStorage.length; i++) {
            const key = localStorage.key(i);
            if (key?.startsWith(prefix)) {
                keys.push(key);
            }
        }
        return keys;
    }

    function clearAll() {
        keysWith(storagePrefix).forEach(key => localStorage.removeItem(key));
    }

    document.addEventListener("input", event => {
        const element = event.target;
        if (element instanceof HTMLElement && element.dataset.draftKey) {
            save(element.dataset.draftKey, element.value ?? "", element.dataset.draftBase);
        }
    }, true);

    // A shared computer keeps nothing of the last user: signing out forgets every draft.
    document.addEventListener("submit", event => {
        if (event.target instanceof HTMLFormElement && /Account\/Logout$/i.test(event.target.getAttribute("action") ?? "")) {
            clearAll();
        }
    }, true);

    window.portalDrafts = {
        /** The drafts of one user under a scope, as { scope, text, base }; other users' drafts are dropped. */
        list(userId, scopePrefix) {
            const mine = `${storagePrefix}${userId}|`;
            keysWith(storagePrefix).filter(key => !key.startsWith(mine)).forEach(key => localStorage.removeItem(key));
            return keysWith(mine + scopePrefix).map(key => ({ scope: key.substring(mine.length), ...read(key) }))
                .filter(draft => typeof draft.text === "string");
        },

        remove(userId, scope) {
            localStorage.removeItem(`${storagePrefix}${userId}|${scope}`);
        },

        /**
         * Add boxes under root (inputs with data-add-box="id"): Enter submits the box's text to .NET and clears exactly
         * that text at once, so typing that follows is kept; if the add fails the text comes back. A box's draft is
         * filled in when the page opens. Before the page is interactive, Enter does nothing and the text stays.
         */
        bindAddBoxes(root, dotNet) {
            // Until then Enter does nothing and the text stays (kept as a draft); tests wait for this mark.
            root.dataset.addBoxesReady = "true";
            root.querySelectorAll("[data-add-box][data-draft-key]").forEach(box => {
                const draft = read(storagePrefix + box.dataset.draftKey);
                if (draft && !box.value) {
                    box.value = draft.text;
                }
            });
            root.addEventListener("keydown", async event => {
                const box = event.target;
                if (event.key !== "Enter" || event.isComposing || !(box instanceof HTMLInputElement) || !box.dataset.addBox) {
                    return;
                }

                event.preventDefault();
                const text = box.value;
                if (text.trim() === "") {
                    return;
                }

                box.value = "";
                box.dataset.draftKey && save(box.dataset.draftKey, "");
                let added = false;
                try {
                    added = await dotNet.invokeMethodAsync("AddFromBox", box.dataset.addBox, text);
                } catch {
                    added = false;
                }

                if (!added) {
                    box.value = box.value ? `${text} ${box.value}` : text;
                    box.dataset.draftKey && save(box.dataset.draftKey, box.value);
                }
            });
        },
    };
})();
