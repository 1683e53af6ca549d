import { checkedFields, compositeOk, compositeOnlyPlaces, COMPOSITE_AT, fieldOk, isVietnamese, normaliseMrzLines, type CheckedField } from './mrz-layout.ts';

/**
 * OCR confusions a check digit can settle (BRIEF §1.3: `0`/`O`, `1`/`I`, `5`/`S`, `8`/`B`,
 * and `2`/`Z`). A change is made only where a check digit proves it:
 * - in a digits-only field (dates, the Vietnamese numbers) every look-alike letter becomes its
 *   digit, kept only if the field's check digit then passes;
 * - in a generic document number a single substitution (either way, or `K`/`<`) is kept only if
 *   it is the one and only substitution that makes the check digit pass;
 * - a look-alike letter in the composite check digit becomes its digit if the composite passes.
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
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B', K: '<', '<': 'K' };

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

/** The single substitutions among `places` (check digit places take digits only) that make `passes` hold; kept only if exactly one. */
function uniqueSubstitution(lines: string[], places: Place[], checkPlace: Place, passes: (l: string[]) => boolean): [Place, string] | undefined {
  const found: [Place, string][] = [];
  for (const p of places) {
    const ch = at(lines, p);
    const isCheck = p.line === checkPlace.line && p.index === checkPlace.index;
    const alternative = isCheck ? TO_DIGIT[ch] : (TO_DIGIT[ch] ?? TO_LETTER[ch]);
    if (alternative && attempt(lines, [[p, alternative]], passes)) found.push([p, alternative]);
  }
  return found.length === 1 ? found[0] : undefined;
}

function correctField(lines: string[], field: CheckedField, out: MrzCorrection[]): string[] {
  if (fieldOk(lines, field)) return lines;
  const checkPlace = { line: field.line, index: field.checkAt };
  const places = [...Array.from({ length: field.end - field.start }, (_, i) => ({ line: field.line, index: field.start + i })), checkPlace];
  const passes = (l: string[]) => fieldOk(l, field);
  let changes: [Place, string][];
  if (field.numeric) {
    changes = places.flatMap((p): [Place, string][] => (TO_DIGIT[at(lines, p)] ? [[p, TO_DIGIT[at(lines, p)] ?? '']] : []));
    if (changes.length === 0 || places.some((p) => !/[0-9]/.test(TO_DIGIT[at(lines, p)] ?? at(lines, p)))) return lines;
  } else {
    const one = uniqueSubstitution(lines, places, checkPlace, passes);
    changes = one ? [one] : [];
  }
  const fixed = changes.length > 0 ? attempt(lines, changes, passes) : undefined;
  if (!fixed) return lines;
  for (const [p, to] of changes) out.push({ line: p.line + 1, position: p.index + 1, from: at(lines, p), to, check: field.name });
  return fixed;
}

function correctComposite(lines: string[], out: MrzCorrection[]): string[] {
  const to = TO_DIGIT[at(lines, COMPOSITE_AT)];
  const fixed = to && !compositeOk(lines) ? attempt(lines, [[COMPOSITE_AT, to]], compositeOk) : undefined;
  if (!fixed || !to) return lines;
  out.push({ line: COMPOSITE_AT.line + 1, position: COMPOSITE_AT.index + 1, from: at(lines, COMPOSITE_AT), to, check: 'composite' });
  return fixed;
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
  lines = correctComposite(lines, corrections);
  return { lines, corrections };
}
