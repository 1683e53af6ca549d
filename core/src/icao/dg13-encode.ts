import { concatBytes } from './bytes.ts';
import type { Dg13 } from './dg13.ts';
import { encodeTlv } from './tlv.ts';

/**
 * Builds a DG13 in the layout of BRIEF §1.4, for the card simulator and tests (a real chip's
 * DG13 is only ever parsed, never re-encoded: hashes are over the bytes read).
 */
const utf8 = new TextEncoder();
const OID_10646 = Uint8Array.of(0x28, 0xd3, 0x16, 0x01, 0x00, 0x08); // 1.0.10646.1.0.8

const field = (n: number, value: Uint8Array) => encodeTlv(0x30, concatBytes(encodeTlv(0x02, Uint8Array.of(n)), value));
const text = (tag: number, s: string) => encodeTlv(tag, utf8.encode(s));
const names = (list: readonly string[]) => encodeTlv(0x30, concatBytes(...list.map((s) => encodeTlv(0x30, text(0x0c, s)))));

export function encodeDg13(dg13: Omit<Dg13, 'unknown'> & { unknown?: Dg13['unknown'] }): Uint8Array {
  const fields: Uint8Array[] = [];
  const put = (n: number, value: string | undefined, tag = 0x0c) => {
    if (value !== undefined) fields.push(field(n, text(tag, value)));
  };
  put(1, dg13.idNumber, 0x13);
  put(2, dg13.fullName);
  put(3, dg13.dateOfBirth);
  put(4, dg13.sex);
  put(5, dg13.nationality);
  put(6, dg13.ethnicity);
  put(7, dg13.religion);
  put(8, dg13.placeOfOrigin);
  put(9, dg13.placeOfResidence);
  put(10, dg13.identifyingMarks);
  put(11, dg13.issueDate);
  put(12, dg13.expiryDate);
  if (dg13.parents) fields.push(field(13, names(dg13.parents)));
  if (dg13.spouse) fields.push(field(14, names(dg13.spouse)));
  put(15, dg13.oldIdNumber, 0x13);
  for (const u of dg13.unknown ?? []) fields.push(field(u.n, u.raw));
  const body = concatBytes(encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x06, OID_10646), encodeTlv(0x31, concatBytes(...fields)));
  return encodeTlv(0x6d, encodeTlv(0x30, body));
}
