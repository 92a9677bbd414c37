// A 280 × 280 pad drawn white on black, like Fashion-MNIST's images, read back as 28 × 28 grey bytes.
const side = 28;

export function attach(canvas) {
    clear(canvas);
    const context = canvas.getContext("2d");
    let drawing = false;
    const point = event => {
        const box = canvas.getBoundingClientRect();
        return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
    };
    canvas.addEventListener("pointerdown", event => {
        drawing = true;
        canvas.setPointerCapture(event.pointerId);
        context.beginPath();
        context.moveTo(...point(event));
    });
    canvas.addEventListener("pointermove", event => {
        if (!drawing) {
            return;
        }
        context.lineTo(...point(event));
        context.stroke();
    });
    const stop = () => { drawing = false; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
}

export function clear(canvas) {
    const context = canvas.getContext("2d");
    context.fillStyle = "#000";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = "#fff";
    context.lineWidth = 22;
    context.lineCap = "round";
    context.lineJoin = "round";
}

// Fits a picture into the pad; a light background (most product photos) is inverted to the data set's dark one.
export async function drawImage(canvas, streamReference, contentType) {
    const blob = new Blob([await streamReference.arrayBuffer()], { type: contentType });
    let bitmap;
    try {
        bitmap = await createImageBitmap(blob);
    } catch {
        return false;
    }
    const context = canvas.getContext("2d");
    clear(canvas);
    const scale = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height);
    const width = bitmap.width * scale;
    const height = bitmap.height * scale;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, (canvas.width - width) / 2, (canvas.height - height) / 2, width, height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const grey = image.data;
    let border = 0;
    let count = 0;
    for (let y = 0; y < canvas.height; y++) {
        for (let x = 0; x < canvas.width; x++) {
            if (x === 0 || y === 0 || x === canvas.width - 1 || y === canvas.height - 1) {
                const i = (y * canvas.width + x) * 4;
                border += 0.299 * grey[i] + 0.587 * grey[i + 1] + 0.114 * grey[i + 2];
                count++;
            }
        }
    }
    const invert = border / count > 127;
    for (let i = 0; i < grey.length; i += 4) {
        const luma = 0.299 * grey[i] + 0.587 * grey[i + 1] + 0.114 * grey[i + 2];
        const value = invert ? 255 - luma : luma;
        grey[i] = grey[i + 1] = grey[i + 2] = value;
        grey[i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    return true;
}

export function read(canvas) {
    const small = document.createElement("canvas");
    small.width = side;
    small.height = side;
    const context = small.getContext("2d");
    context.imageSmoothingQuality = "high";
    context.drawImage(canvas, 0, 0, side, side);
    const data = context.getImageData(0, 0, side, side).data;
    const pixels = new Uint8Array(side * side);
    for (let i = 0; i < pixels.length; i++) {
        pixels[i] = Math.round(0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2]);
    }
    return pixels;
}
