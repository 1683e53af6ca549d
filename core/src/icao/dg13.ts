import { asDgError, decodeText, dgMalformed } from './data-group-error.ts';
import { parseTlv, type Tlv } from './tlv.ts';

/**
 * DG13 of the Vietnamese citizen card (BRIEF §1.4, community reverse-engineered ⚠):
 * `6D { 30 { INTEGER 1, OID 1.0.10646.1.0.8, SET { SEQUENCE { INTEGER n, value } … } } }`.
 * Parsed defensively: the field SEQUENCEs are accepted inside the SET or directly in the outer
 * SEQUENCE, fields may be missing or repeated (first wins), unknown numbers and values of an
 * unexpected shape are kept raw, lengths and nesting are bounded by the TLV parser.
 *
 * The result still holds sensitive data (ethnicity, religion, parents, spouse — Decree
 * 13/2023); `redactDg13` drops them and is applied before anything leaves the agent.
 */

export interface Dg13 {
  idNumber?: string;
  fullName?: string;
  /** As on the chip, `dd/MM/yyyy` (see `chipDateToIso`). */
  dateOfBirth?: string;
  sex?: string;
  nationality?: string;
  ethnicity?: string;
  religion?: string;
  placeOfOrigin?: string;
  placeOfResidence?: string;
  identifyingMarks?: string;
  issueDate?: string;
  expiryDate?: string;
  /** Father's then mother's names, every string in order. */
  parents?: string[];
  /** Empty when single. */
  spouse?: string[];
  oldIdNumber?: string;
  /** Fields we do not know (e.g. n = 16) or whose value had an unexpected shape: the value's raw TLV. */
  unknown: { n: number; raw: Uint8Array }[];
}

export type SensitiveDg13Field = 'ethnicity' | 'religion' | 'parents' | 'spouse';
export type RedactedDg13 = Omit<Dg13, SensitiveDg13Field>;

const TEXT_FIELDS = {
  1: 'idNumber',
  2: 'fullName',
  3: 'dateOfBirth',
  4: 'sex',
  5: 'nationality',
  6: 'ethnicity',
  7: 'religion',
  8: 'placeOfOrigin',
  9: 'placeOfResidence',
  10: 'identifyingMarks',
  11: 'issueDate',
  12: 'expiryDate',
  15: 'oldIdNumber',
} as const satisfies Record<number, keyof Dg13>;

/** Universal string types seen on cards: UTF8String, PrintableString, IA5String, T61String. */
const STRING_TAGS = new Set([0x0c, 0x13, 0x16, 0x14]);

const toInteger = (node: Tlv): number | undefined => {
  if (node.tag !== 0x02 || node.value.length === 0 || node.value.length > 2) return undefined;
  return node.value.reduce((n, b) => n * 256 + b, 0);
};

/** Every string under `node`, depth-first, in order (for the nested parents/spouse fields). */
function collectStrings(node: Tlv, out: string[]): void {
  if (STRING_TAGS.has(node.tag)) out.push(decodeText('DG13', node.value));
  for (const child of node.children ?? []) collectStrings(child, out);
}

/** The field SEQUENCEs: children of a SET, or SEQUENCEs that start with an INTEGER. */
function fieldSequences(outer: readonly Tlv[]): Tlv[] {
  const fields: Tlv[] = [];
  for (const node of outer) {
    if (node.tag === 0x31) fields.push(...(node.children ?? []).filter((c) => c.tag === 0x30));
    else if (node.tag === 0x30 && node.children?.[0]?.tag === 0x02) fields.push(node);
  }
  return fields;
}

export function parseDg13(bytes: Uint8Array): Dg13 {
  return asDgError('DG13', () => {
    const root = parseTlv(bytes, { maxDepth: 8, maxLength: 16_384 });
    if (root.tag !== 0x6d || !root.children) throw dgMalformed('DG13', 'not a DG13');
    const outer = root.children.length === 1 && root.children[0]?.tag === 0x30 ? (root.children[0].children ?? []) : root.children;
    const result: Dg13 = { unknown: [] };
    for (const field of fieldSequences(outer)) {
      const [numberNode, ...values] = field.children ?? [];
      const n = numberNode ? toInteger(numberNode) : undefined;
      if (n === undefined) continue;
      const value = values[0];
      const keepRaw = () => result.unknown.push({ n, raw: (value ?? field).raw.slice() });
      if (n === 13 || n === 14) {
        const names: string[] = [];
        for (const v of values) collectStrings(v, names);
        const key = n === 13 ? 'parents' : 'spouse';
        result[key] ??= names;
        continue;
      }
      const key = TEXT_FIELDS[n as keyof typeof TEXT_FIELDS];
      if (!key || !value || !STRING_TAGS.has(value.tag)) {
        keepRaw();
        continue;
      }
      result[key] ??= decodeText('DG13', value.value);
    }
    return result;
  });
}

/** Drops the sensitive fields; the only form of DG13 that may leave the agent. */
export function redactDg13(dg13: Dg13): RedactedDg13 {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { ethnicity, religion, parents, spouse, ...rest } = dg13;
  return rest;
}

/** `dd/MM/yyyy` → `yyyy-MM-dd`; undefined for anything else (e.g. an unknown no-expiry form). */
export function chipDateToIso(text: string | undefined): string | undefined {
  const m = text?.trim().match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
  if (!m) return undefined;
  const [, dd, mm, yyyy] = m;
  const date = new Date(`${yyyy}-${mm}-${dd}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(dd) ? undefined : `${yyyy}-${mm}-${dd}`;
}
