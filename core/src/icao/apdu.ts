import { DangkyError } from '../errors/index.ts';

/**
 * ISO 7816-4 command APDUs the eMRTD reader sends, and the split of a response into data and
 * status word. Short form when it fits (Lc ≤ 255, Le ≤ 256), extended form otherwise.
 */

/** The eMRTD (LDS1) application, ICAO 9303-10 §3.10. */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

/** File identifiers and short EF identifiers, ICAO 9303-10 §3.11. */
export const EF = {
  cardAccess: { fid: 0x011c, sfi: 0x1c },
  com: { fid: 0x011e, sfi: 0x1e },
  sod: { fid: 0x011d, sfi: 0x1d },
  dg1: { fid: 0x0101, sfi: 0x01 },
  dg2: { fid: 0x0102, sfi: 0x02 },
  dg13: { fid: 0x010d, sfi: 0x0d },
  dg14: { fid: 0x010e, sfi: 0x0e },
  dg15: { fid: 0x010f, sfi: 0x0f },
} as const;

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length, 1–65,536; absent when no data is expected. 256 is `00` in short form. */
  le?: number;
}

const invalid = (reason: string): DangkyError => new DangkyError('DK_ERR_CHIP_APDU_INVALID', { detail: { reason } });

/** Whether the APDU needs the extended length form. */
export const isExtended = (apdu: CommandApdu): boolean => (apdu.data?.length ?? 0) > 255 || (apdu.le ?? 0) > 256;

export function encodeApdu(apdu: CommandApdu): Uint8Array {
  const data = apdu.data ?? new Uint8Array(0);
  if (data.length > 65_535) throw invalid('data longer than 65,535 bytes');
  if (apdu.le !== undefined && (!Number.isInteger(apdu.le) || apdu.le < 1 || apdu.le > 65_536)) throw invalid('Le out of range');
  const out: number[] = [apdu.cla, apdu.ins, apdu.p1, apdu.p2];
  if (isExtended(apdu)) {
    out.push(0x00);
    if (data.length > 0) out.push(data.length >> 8, data.length & 0xff, ...data);
    if (apdu.le !== undefined) out.push((apdu.le >> 8) & 0xff, apdu.le & 0xff); // 65,536 → 00 00
  } else {
    if (data.length > 0) out.push(data.length, ...data);
    if (apdu.le !== undefined) out.push(apdu.le & 0xff); // 256 → 00
  }
  return Uint8Array.from(out);
}

export const selectAid = (aid: Uint8Array = EMRTD_AID): CommandApdu => ({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });

export const selectEf = (fid: number): CommandApdu => ({
  cla: 0x00,
  ins: 0xa4,
  p1: 0x02,
  p2: 0x0c,
  data: Uint8Array.of(fid >> 8, fid & 0xff),
});

/**
 * READ BINARY of the selected EF. Offsets up to 32,767 use INS B0 with the offset in P1-P2;
 * beyond that (large DG2 photos) INS B1 carries the offset in a `54` data object.
 */
export function readBinary(offset: number, le: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffff) throw invalid('offset out of range');
  if (offset <= 0x7fff) return { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le };
  const offsetBytes = offset > 0xffff ? [offset >> 16, (offset >> 8) & 0xff, offset & 0xff] : [offset >> 8, offset & 0xff];
  return { cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: Uint8Array.of(0x54, offsetBytes.length, ...offsetBytes), le };
}

/** READ BINARY by short EF identifier (selects and reads in one command; offset ≤ 255). */
export function readBinaryShortEf(sfi: number, offset: number, le: number): CommandApdu {
  if (sfi < 1 || sfi > 30) throw invalid('short EF identifier out of range');
  if (offset < 0 || offset > 255) throw invalid('short-EF offset above 255');
  return { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: offset, le };
}

export const getChallenge = (): CommandApdu => ({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 });

export const externalAuthenticate = (data: Uint8Array, le = 0x28): CommandApdu => ({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data, le });

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { detail: { reason: 'response shorter than a status word' } });
  return { data: bytes.slice(0, -2), sw: ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0) };
}
