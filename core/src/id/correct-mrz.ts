import {
  checkedFields,
  compositeOk,
  compositeOnlyPlaces,
  COMPOSITE_AT,
  fieldOk,
  isVietnamese,
  normaliseMrzLines,
  type CheckedField,
} from './mrz-layout.ts';

/**
 * OCR confusions a check digit can settle (BRIEF §1.3: `0`/`O`, `1`/`I`, `5`/`S`, `8`/`B`,
 * and `2`/`Z`). A change is made only where a check digit proves it:
 * - in a digits-only field (dates, the Vietnamese numbers) every look-alike letter becomes its
 *   digit, kept only if the field's check digit then passes;
 * - a look-alike letter in a check digit (a generic document number's, the composite) becomes
 *   its digit if the check then passes.
 * A generic document number may hold letters and digits alike; there one swap that happens to
 * pass its check proves nothing (with ten places, one in ten swaps passes by chance), so it is
 * left alone.
 * `K` for `<` cannot be proven by any check digit (see correctFillers); it is fixed only where
 * the Vietnamese layout requires a filler. Names (line 3) are never touched.
 */
export interface MrzCorrection {
  /** 1-based, as in BRIEF §1.3. */
  line: number;
  position: number;
  from: string;
  to: string;
  /** The check that proves it. */
  check: CheckedField['name'] | 'composite' | 'layout';
}

export interface CorrectedMrz {
  lines: string[];
  corrections: MrzCorrection[];
}

const TO_DIGIT: Record<string, string> = { O: '0', I: '1', Z: '2', S: '5', B: '8' };

interface Place {
  line: number;
  index: number;
}

const at = (lines: string[], p: Place): string => lines[p.line]?.[p.index] ?? '';
const put = (lines: string[], p: Place, ch: string): void => {
  const line = lines[p.line] ?? '';
  lines[p.line] = `${line.slice(0, p.index)}${ch}${line.slice(p.index + 1)}`;
};

/** Applies `change` to a copy; if `passes` holds on it, returns the copy. */
function attempt(lines: string[], changes: [Place, string][], passes: (l: string[]) => boolean): string[] | undefined {
  const copy = [...lines];
  for (const [p, ch] of changes) put(copy, p, ch);
  return passes(copy) ? copy : undefined;
}

/** Every look-alike letter at `places` becomes its digit; kept (and recorded) only if `passes` then holds. */
function digitsAt(
  lines: string[],
  places: Place[],
  passes: (l: string[]) => boolean,
  check: MrzCorrection['check'],
  out: MrzCorrection[],
): string[] {
  const changes = places.flatMap((p): [Place, string][] => {
    const digit = TO_DIGIT[at(lines, p)];
    return digit ? [[p, digit]] : [];
  });
  const fixed = changes.length > 0 && !passes(lines) ? attempt(lines, changes, passes) : undefined;
  if (!fixed) return lines;
  for (const [p, to] of changes) out.push({ line: p.line + 1, position: p.index + 1, from: at(lines, p), to, check });
  return fixed;
}

function correctField(lines: string[], field: CheckedField, out: MrzCorrection[]): string[] {
  const checkPlace = { line: field.line, index: field.checkAt };
  // A generic document number may hold any letter: only its check digit is surely a digit.
  const places = field.numeric
    ? [...Array.from({ length: field.end - field.start }, (_, i) => ({ line: field.line, index: field.start + i })), checkPlace]
    : [checkPlace];
  return digitsAt(lines, places, (l) => fieldOk(l, field), field.name, out);
}

/**
 * `K` weighs 20 ≡ 0 (mod 10), exactly like `<`: no check digit can tell them apart. On a
 * Vietnamese card the places only the composite covers are fillers by layout, so a `K` there is
 * a misread `<` — the layout proves it, not a digit.
 */
function correctFillers(lines: string[], out: MrzCorrection[]): string[] {
  if (!isVietnamese(lines)) return lines;
  const fixed = [...lines];
  for (const p of compositeOnlyPlaces(lines)) {
    if (at(lines, p) !== 'K') continue;
    put(fixed, p, '<');
    out.push({ line: p.line + 1, position: p.index + 1, from: 'K', to: '<', check: 'layout' });
  }
  return fixed;
}

/** Corrects what the check digits prove and says what changed; the lines are otherwise as normalised. */
export function correctMrz(input: string | readonly string[]): CorrectedMrz {
  let lines = normaliseMrzLines(input);
  const corrections: MrzCorrection[] = [];
  for (const field of checkedFields(lines)) lines = correctField(lines, field, corrections);
  lines = correctFillers(lines, corrections);
  lines = digitsAt(lines, [COMPOSITE_AT], compositeOk, 'composite', corrections);
  return { lines, corrections };
}
