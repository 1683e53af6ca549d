import type { GrayImage, Rect } from './gray-image.ts';

/**
 * Enclosed paper regions (holes) in the ink inside `rect` of a binarised image (ink 0): `8` has
 * two, `6` one, `S` and `G` none. Those are the look-alike pairs no check digit separates
 * (S = 28 ≡ 8, G = 16 ≡ 6), so the hole count settles what the recogniser's classifier cannot.
 * Paper reached from the box's border is not a hole; regions under `minArea` pixels (default
 * 4) are specks. The box is taken one pixel wider each side so a glyph touching it stays closed.
 */
export function countHoles(img: GrayImage, rect: Rect, options: { minArea?: number } = {}): number {
  const left = Math.max(0, Math.floor(rect.left) - 1);
  const top = Math.max(0, Math.floor(rect.top) - 1);
  const right = Math.min(img.width, Math.ceil(rect.left + rect.width) + 1);
  const bottom = Math.min(img.height, Math.ceil(rect.top + rect.height) + 1);
  const w = right - left;
  const h = bottom - top;
  if (w <= 2 || h <= 2) return 0;
  const seen = new Uint8Array(w * h);
  const paper = (i: number): boolean => img.data[(top + Math.floor(i / w)) * img.width + left + (i % w)] !== 0;
  const fill = (start: number): { area: number; border: boolean } => {
    const stack = [start];
    seen[start] = 1;
    let area = 0;
    let border = false;
    while (stack.length) {
      const i = stack.pop()!;
      area++;
      const x = i % w;
      const y = Math.floor(i / w);
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) border = true;
      for (const [dx, dy] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ] as const) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const j = ny * w + nx;
        if (!seen[j] && paper(j)) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    return { area, border };
  };
  let holes = 0;
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || !paper(i)) continue;
    const region = fill(i);
    if (!region.border && region.area >= (options.minArea ?? 4)) holes++;
  }
  return holes;
}
