// Draws the server's SVG poster onto a canvas at twice its size and saves it as a PNG, sharp enough for a slide.
// The SVG comes from the same origin as a blob, so the canvas is not tainted and can be exported.
const scale = 2;

export async function downloadPng(svgUrl, fileName) {
    const response = await fetch(svgUrl, { credentials: "same-origin" });
    if (!response.ok) {
        return false;
    }

    const svgUrlObject = URL.createObjectURL(await response.blob());
    try {
        const image = await load(svgUrlObject);
        const canvas = document.createElement("canvas");
        canvas.width = image.naturalWidth * scale;
        canvas.height = image.naturalHeight * scale;
        const context = canvas.getContext("2d");
        context.scale(scale, scale);
        context.drawImage(image, 0, 0);
        const png = await new Promise(resolve => canvas.toBlob(resolve, "image/png"));
        if (!png) {
            return false;
        }

        save(png, fileName);
        return true;
    } finally {
        URL.revokeObjectURL(svgUrlObject);
    }
}

function load(url) {
    return new Promise((resolve, reject) => {
        const image = new Image();
        image.onload = () => resolve(image);
        image.onerror = () => reject(new Error("The poster could not be drawn."));
        image.src = url;
    });
}

function save(blob, fileName) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}
