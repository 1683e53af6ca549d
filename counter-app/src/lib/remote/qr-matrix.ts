import { encode } from 'uqr';

/**
 * The activation link as a QR module matrix, drawn by the panel as SVG rectangles: made on the
 * counter, so the link (which carries the activation code) is never sent to a QR service.
 * Returns the dark modules' coordinates and the side length including a 4-module quiet zone.
 */
export function qrModules(text: string): { size: number; dark: { x: number; y: number }[] } {
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const dark: { x: number; y: number }[] = [];
  data.forEach((row, y) => row.forEach((on, x) => on && dark.push({ x, y })));
  return { size: data.length, dark };
}
