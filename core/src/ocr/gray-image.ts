/**
 * The one image type of the OCR pipeline: 8-bit grey, row-major, 0 = black. Pure pixel work
 * (no I/O, no canvas) so the same code runs in Node and in a browser worker.
 */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const grayImage = (width: number, height: number, data = new Uint8ClampedArray(width * height)): GrayImage => ({
  width,
  height,
  data,
});

/** RGBA (canvas ImageData, decoded PNG/JPEG) or RGB to grey, ITU-R BT.601 luma. */
export function toGray(pixels: ArrayLike<number>, width: number, height: number, channels: 3 | 4 = 4): GrayImage {
  const out = grayImage(width, height);
  for (let i = 0, p = 0; i < width * height; i++, p += channels)
    out.data[i] = 0.299 * (pixels[p] ?? 0) + 0.587 * (pixels[p + 1] ?? 0) + 0.114 * (pixels[p + 2] ?? 0);
  return out;
}

/** The part of `img` inside `rect`, clipped to the image. */
export function crop(img: GrayImage, rect: Rect): GrayImage {
  const left = Math.max(0, Math.floor(rect.left));
  const top = Math.max(0, Math.floor(rect.top));
  const width = Math.max(1, Math.min(img.width - left, Math.ceil(rect.width)));
  const height = Math.max(1, Math.min(img.height - top, Math.ceil(rect.height)));
  const out = grayImage(width, height);
  for (let y = 0; y < height; y++)
    out.data.set(img.data.subarray((top + y) * img.width + left, (top + y) * img.width + left + width), y * width);
  return out;
}

const sample = (img: GrayImage, x: number, y: number, fill: number): number => {
  if (x < 0 || y < 0 || x > img.width - 1 || y > img.height - 1) return fill;
  const x0 = Math.min(Math.floor(x), img.width - 2);
  const y0 = Math.min(Math.floor(y), img.height - 2);
  const fx = x - x0;
  const fy = y - y0;
  const d = img.data;
  const i = y0 * img.width + x0;
  const w = img.width;
  return (d[i]! * (1 - fx) + d[i + 1]! * fx) * (1 - fy) + (d[i + w]! * (1 - fx) + d[i + w + 1]! * fx) * fy;
};

/** Bilinear resize to `width` × `height`. */
export function resize(img: GrayImage, width: number, height: number): GrayImage {
  const out = grayImage(width, height);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.data[y * width + x] = sample(img, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, 255);
  }
  return out;
}

/**
 * Rotates by `degrees` (positive = clockwise on screen, y down) about the centre, same size;
 * what comes in from outside is `fill`.
 */
export function rotate(img: GrayImage, degrees: number, fill = 255): GrayImage {
  if (degrees === 0) return { ...img, data: img.data.slice() };
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (img.width - 1) / 2;
  const cy = (img.height - 1) / 2;
  const out = grayImage(img.width, img.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      out.data[y * img.width + x] = sample(img, cx + dx * cos + dy * sin, cy - dx * sin + dy * cos, fill);
    }
  }
  return out;
}
