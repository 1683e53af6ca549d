import type { MrzCorrection } from '../id/correct-mrz.ts';
import { checkedFields, fieldOk } from '../id/mrz-layout.ts';

/**
 * `O` or `0` in another issuer's document number, which may hold both: the glyph's shape fits
 * both about as well (settle-glyphs.ts `roundPlaces`), and correctMrz cannot choose because a
 * letter is as legal there as a digit. When the number's check digit fails, the ambiguous
 * places are read the other way round in every combination; exactly one combination that
 * passes is taken (recorded against the `documentNumber` check), none or several change
 * nothing. Only places whose shape is in doubt are tried, so a wrong reading elsewhere is not
 * "repaired" by a swap that passes by chance.
 */
const MAX_PLACES = 4;

export function resolveRoundPairs(lines: readonly string[], places: readonly number[]): { lines: string[]; corrections: MrzCorrection[] } {
  const out = [...lines];
  const field = checkedFields(lines).find((f) => f.name === 'documentNumber' && !f.numeric);
  const line = lines[0] ?? '';
  const inField = field
    ? [...new Set(places)].filter((p) => p >= field.start && p < field.end && (line[p] === 'O' || line[p] === '0'))
    : [];
  if (!field || inField.length === 0 || inField.length > MAX_PLACES || fieldOk(lines, field)) return { lines: out, corrections: [] };
  const flip = (ch: string): string => (ch === 'O' ? '0' : 'O');
  const passing: string[] = [];
  for (let mask = 1; mask < 1 << inField.length; mask++) {
    const chars = [...line];
    inField.forEach((p, bit) => {
      if (mask & (1 << bit)) chars[p] = flip(chars[p]!);
    });
    const candidate = [chars.join(''), ...lines.slice(1)];
    if (fieldOk(candidate, field)) passing.push(candidate[0]!);
  }
  if (passing.length !== 1) return { lines: out, corrections: [] };
  out[0] = passing[0]!;
  const corrections = inField
    .filter((p) => out[0]![p] !== line[p])
    .map((p): MrzCorrection => ({ line: 1, position: p + 1, from: line[p]!, to: out[0]![p]!, check: 'documentNumber' }));
  return { lines: out, corrections };
}
