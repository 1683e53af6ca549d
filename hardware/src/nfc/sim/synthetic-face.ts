/**
 * A drawn face for the simulated card's DG2: no real person, just ellipses on a passport-style
 * background, with a little deterministic grain so the compressed photo has the size of a real
 * chip photo (12–16 KB of DG2; the chip bench counts APDUs on that). `make-face.ts` encodes it
 * once into the committed `face.jpg` / `face.jp2`; the simulator reads those files.
 */
export interface FaceImage {
  width: number;
  height: number;
  /** 8-bit RGB, row-major, 3 bytes a pixel. */
  rgb: Uint8Array;
}

type Rgb = readonly [number, number, number];

interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  colour: Rgb;
}

/** xorshift32: the same grain on every machine. */
function grain(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** Draws the face at `width` × `height` (default 240 × 320, the 3:4 of an ID photo). */
export function drawSyntheticFace(options: { width?: number; height?: number; grain?: number } = {}): FaceImage {
  const width = options.width ?? 240;
  const height = options.height ?? 320;
  const amount = options.grain ?? 10;
  const w = (x: number) => x * width;
  const h = (y: number) => y * height;
  const skin: Rgb = [226, 186, 150];
  const shapes: Ellipse[] = [
    { cx: w(0.5), cy: h(1.05), rx: w(0.52), ry: h(0.3), colour: [40, 52, 88] }, // shoulders, dark shirt
    { cx: w(0.5), cy: h(0.78), rx: w(0.11), ry: h(0.12), colour: [206, 166, 132] }, // neck
    { cx: w(0.5), cy: h(0.4), rx: w(0.27), ry: h(0.27), colour: [30, 24, 22] }, // hair
    { cx: w(0.23), cy: h(0.47), rx: w(0.04), ry: h(0.06), colour: [214, 172, 138] }, // ears
    { cx: w(0.77), cy: h(0.47), rx: w(0.04), ry: h(0.06), colour: [214, 172, 138] },
    { cx: w(0.5), cy: h(0.49), rx: w(0.24), ry: h(0.25), colour: skin }, // face
    { cx: w(0.39), cy: h(0.4), rx: w(0.07), ry: h(0.012), colour: [45, 35, 30] }, // eyebrows
    { cx: w(0.61), cy: h(0.4), rx: w(0.07), ry: h(0.012), colour: [45, 35, 30] },
    { cx: w(0.39), cy: h(0.45), rx: w(0.055), ry: h(0.022), colour: [245, 245, 240] }, // eyes
    { cx: w(0.61), cy: h(0.45), rx: w(0.055), ry: h(0.022), colour: [245, 245, 240] },
    { cx: w(0.39), cy: h(0.45), rx: w(0.022), ry: h(0.018), colour: [60, 40, 30] }, // irises
    { cx: w(0.61), cy: h(0.45), rx: w(0.022), ry: h(0.018), colour: [60, 40, 30] },
    { cx: w(0.5), cy: h(0.54), rx: w(0.03), ry: h(0.05), colour: [205, 162, 128] }, // nose
    { cx: w(0.5), cy: h(0.63), rx: w(0.085), ry: h(0.018), colour: [176, 92, 88] }, // mouth
  ];
  const rgb = new Uint8Array(width * height * 3);
  const noise = grain(0x9303);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Background: the pale blue-grey of an ID photo, slightly lighter at the top.
      let colour: Rgb = [214 - (y * 20) / height, 224 - (y * 16) / height, 236 - (y * 10) / height];
      for (const s of shapes) {
        const dx = (x - s.cx) / s.rx;
        const dy = (y - s.cy) / s.ry;
        if (dx * dx + dy * dy <= 1) colour = s.colour;
      }
      // Soft shading across the face and a grain, as a camera sensor would leave.
      const shade = 1 - (Math.abs(x - width / 2) / width) * 0.25;
      const n = (noise() - 0.5) * amount;
      const at = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[at + c] = Math.max(0, Math.min(255, Math.round((colour[c] ?? 0) * shade + n)));
    }
  }
  return { width, height, rgb };
}
