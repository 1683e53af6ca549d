import { decodeText, dgMalformed } from './data-group-error.ts';
import { findTlv, parseTlv } from './tlv.ts';

/**
 * DG1 (ICAO 9303-10 §4.7.1): `61 { 5F1F <MRZ> }`. The MRZ is returned as its lines (TD1: 3 × 30,
 * the Vietnamese card; TD2: 2 × 36; TD3: 2 × 44); checking them is the MRZ parser's job.
 */
export interface Dg1 {
  format: 'TD1' | 'TD2' | 'TD3';
  lines: string[];
}

const FORMATS = { 90: ['TD1', 30], 72: ['TD2', 36], 88: ['TD3', 44] } as const;

export function parseDg1(bytes: Uint8Array): Dg1 {
  const root = parseTlv(bytes, { maxDepth: 3, maxLength: 1024 });
  if (root.tag !== 0x61 || !root.children) throw dgMalformed('DG1', 'not a DG1');
  const mrz = findTlv(root.children, 0x5f1f);
  if (!mrz) throw dgMalformed('DG1', 'no MRZ object');
  const text = decodeText('DG1', mrz.value);
  if (!/^[0-9A-Z<]*$/.test(text)) throw dgMalformed('DG1', 'MRZ has characters outside the MRZ set');
  const format = FORMATS[text.length as keyof typeof FORMATS];
  if (!format) throw dgMalformed('DG1', 'MRZ length is not TD1, TD2 or TD3');
  const [name, width] = format;
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += width) lines.push(text.slice(at, at + width));
  return { format: name, lines };
}
