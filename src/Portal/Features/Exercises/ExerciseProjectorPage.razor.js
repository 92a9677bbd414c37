// The Fullscreen API needs the click that asks for it, so the page calls this straight from its button.
export async function toggleFullScreen(element) {
    if (document.fullscreenElement) {
        await document.exitFullscreen();
    } else if (element.requestFullscreen) {
        await element.requestFullscreen();
    }
}
