import type { GrayImage, Rect } from './gray-image.ts';

/**
 * Where the three MRZ lines are in a straightened, binarised frame (ink 0). Rows are scored by
 * ink/paper transitions (a text row crosses many strokes; a card edge or a rule crosses few),
 * runs of text rows become candidate lines, and the MRZ is the lowest triple of consecutive lines
 * with like heights, a regular pitch, and aligned ink at least 20 cap heights wide (30
 * monospaced characters; ordinary text is shorter or proportional). Returns null when none.
 */
export interface MrzBand {
  rect: Rect;
  /** Each line's ink rows, top to bottom: [top, bottom) in image rows. */
  lines: { top: number; bottom: number }[];
  /** Median height of the three lines' ink, pixels (≈ the cap height). */
  lineHeight: number;
}

interface Run {
  top: number;
  bottom: number;
  score: number;
}

function transitionsPerRow(img: GrayImage): Float64Array {
  const rows = new Float64Array(img.height);
  for (let y = 0; y < img.height; y++) {
    let n = 0;
    const o = y * img.width;
    for (let x = 1; x < img.width; x++) if (img.data[o + x] !== img.data[o + x - 1]) n++;
    rows[y] = n;
  }
  return rows;
}

function textRuns(rows: Float64Array): Run[] {
  // A share of a high percentile, not of the maximum: a line of small dense print must not
  // raise the bar above the MRZ's wide-pitch characters.
  const sorted = [...rows].sort((a, b) => a - b);
  const threshold = Math.max(12, (sorted[Math.floor(sorted.length * 0.9)] ?? 0) * 0.3);
  const runs: Run[] = [];
  let start = -1;
  let gap = 0;
  let score = 0;
  for (let y = 0; y <= rows.length; y++) {
    const on = y < rows.length && rows[y]! >= threshold;
    if (on) {
      if (start < 0) {
        start = y;
        score = 0;
      }
      score += rows[y]!;
      gap = 0;
    } else if (start >= 0 && (++gap > 1 || y === rows.length)) {
      const bottom = y - gap + 1;
      if (bottom - start >= 4) runs.push({ top: start, bottom, score: score / (bottom - start) });
      start = -1;
    }
  }
  return runs;
}

function inkColumns(img: GrayImage, top: number, bottom: number, maxGap: number): { left: number; right: number } | null {
  const counts = new Uint16Array(img.width);
  for (let y = top; y < bottom; y++) for (let x = 0; x < img.width; x++) if (img.data[y * img.width + x] === 0) counts[x]!++;
  // A column is ink when a stroke crosses it, not a speck: sensor noise binarised in the plain
  // background beside the card otherwise bridged the MRZ to the card edge and the frame border.
  const minInk = Math.max(2, Math.round((bottom - top) * 0.12));
  const cols = counts.map((c) => (c >= minInk ? 1 : 0));
  // The widest stretch of ink columns whose gaps stay under `maxGap` (a few characters' width).
  let best: { left: number; right: number } | null = null;
  let left = -1;
  let last = -1;
  for (let x = 0; x <= img.width; x++) {
    if (x < img.width && !cols[x]) continue;
    if (x < img.width && left >= 0 && x - last <= maxGap) {
      last = x;
      continue;
    }
    if (left >= 0 && (!best || last - left > best.right - best.left)) best = { left, right: last + 1 };
    left = x;
    last = x;
  }
  return best;
}

export function locateMrzBand(binary: GrayImage): MrzBand | null {
  const runs = textRuns(transitionsPerRow(binary));
  // Bottom up: the first triple that looks like an MRZ is the MRZ (it is printed last on the card).
  for (let i = runs.length - 3; i >= 0; i--) {
    const band = mrzTriple(binary, runs.slice(i, i + 3));
    if (band) return band;
  }
  return null;
}

/** Three runs of like height at a regular pitch, each a line of ink at least 20 cap heights wide, left-aligned. */
function mrzTriple(binary: GrayImage, triple: Run[]): MrzBand | null {
  const heights = triple.map((r) => r.bottom - r.top);
  const lineHeight = [...heights].sort((a, b) => a - b)[1]!;
  if (Math.max(...heights) > Math.min(...heights) * 1.8) return null;
  const pitch1 = triple[1]!.top - triple[0]!.top;
  const pitch2 = triple[2]!.top - triple[1]!.top;
  if (Math.max(pitch1, pitch2) > Math.min(pitch1, pitch2) * 1.4 || Math.min(pitch1, pitch2) > lineHeight * 3) return null;
  const extents = triple.map((r) => inkColumns(binary, r.top, r.bottom, lineHeight * 1.3));
  if (extents.some((e) => !e || e.right - e.left < lineHeight * 20)) return null;
  // Medians: a card edge close to one line's end may join that line's ink, not the others'.
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1]!;
  const lefts = extents.map((e) => e!.left);
  const rights = extents.map((e) => e!.right);
  const left = median(lefts);
  const right = median(rights);
  if (lefts.filter((l) => Math.abs(l - left) <= lineHeight * 2).length < 2) return null;
  const top = triple[0]!.top;
  const bottom = triple[2]!.bottom;
  const lines = triple.map(({ top: t, bottom: b }) => ({ top: t, bottom: b }));
  return { rect: { left, top, width: right - left, height: bottom - top }, lines, lineHeight };
}
