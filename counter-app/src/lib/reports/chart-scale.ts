/**
 * Scaling for the hand-made SVG bar chart: a "nice" axis maximum (1, 2 or 5 × 10ⁿ, at least
 * the largest value) and evenly spaced ticks, so bars are comparable and labels are round.
 */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * exp >= value) return step * exp;
  return 10 * exp;
}

export function ticks(max: number, count = 4): number[] {
  const step = max / count;
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1000) / 1000);
}

/** Height in px of a bar for `value` on an axis of `max` drawn `height` px tall. */
export const barHeight = (value: number, max: number, height: number): number => (max > 0 ? Math.max(0, (value / max) * height) : 0);
