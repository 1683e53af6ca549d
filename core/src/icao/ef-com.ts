import { dgMalformed } from './data-group-error.ts';
import { decodeText } from './data-group-error.ts';
import { findTlv, parseTlv, type TlvOptions } from './tlv.ts';

/**
 * EF.COM (ICAO 9303-10 §4.6.1): the LDS version, the Unicode version and the list of data
 * groups present, as their tags (`61` = DG1, `75` = DG2, `6D` = DG13 …).
 */

/** Data-group tag → data-group number (ICAO 9303-10 Table 34). */
export const DG_TAGS: Readonly<Record<number, number>> = {
  0x61: 1,
  0x75: 2,
  0x63: 3,
  0x76: 4,
  0x65: 5,
  0x66: 6,
  0x67: 7,
  0x68: 8,
  0x69: 9,
  0x6a: 10,
  0x6b: 11,
  0x6c: 12,
  0x6d: 13,
  0x6e: 14,
  0x6f: 15,
  0x70: 16,
};

export interface EfCom {
  /** e.g. "0107" = LDS 1.7 */
  ldsVersion: string | undefined;
  unicodeVersion: string | undefined;
  /** Data-group numbers listed, in the order given; unknown tags are left out. */
  dataGroups: number[];
}

export function parseEfCom(bytes: Uint8Array, options: TlvOptions = {}): EfCom {
  const root = parseTlv(bytes, { maxDepth: 4, ...options });
  if (root.tag !== 0x60 || !root.children) throw dgMalformed('COM', 'not an EF.COM');
  const list = findTlv(root.children, 0x5c);
  if (!list) throw dgMalformed('COM', 'no data-group list');
  const lds = findTlv(root.children, 0x5f01);
  const unicode = findTlv(root.children, 0x5f36);
  return {
    ldsVersion: lds ? decodeText('COM', lds.value) : undefined,
    unicodeVersion: unicode ? decodeText('COM', unicode.value) : undefined,
    dataGroups: Array.from(list.value, (tag) => DG_TAGS[tag]).filter((n): n is number => n !== undefined),
  };
}
