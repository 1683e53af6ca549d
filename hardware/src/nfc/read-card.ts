import type { X509Certificate } from 'node:crypto';
import { DangkyError, errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import {
  EF,
  bacKeyInfo,
  parseCardAccess,
  parseDg1,
  parseDg13,
  parseEfCom,
  redactDg13,
  selectAid,
  type BacKeyInput,
  type Dg1,
  type RedactedDg13,
} from '@dangky/core/icao';
import { performBac, type Transceive } from './bac.ts';
import { plainChannel, secureChannel, type ChipChannel } from './chip-channel.ts';
import { CURVES_BY_PARAMETER_ID, bigintFromBytes } from './ec.ts';
import { performPace } from './pace.ts';
import { performActiveAuthentication, type ActiveAuthResult } from './active-auth.ts';
import { verifyPassive, type PassiveResult } from './passive-auth.ts';
import { readFile } from './read-file.ts';

/**
 * One read of a Vietnamese citizen card over BAC: activate, SELECT the eMRTD application, open
 * BAC with the MRZ key (the 9-digit MRZ field first, then the 12-digit ID number — BRIEF §1.4 ⚠),
 * read EF.COM, DG1, DG13 (and DG2 when asked), resuming after a tag loss. DG13 leaves this
 * function redacted; the raw bytes of each group are kept for passive authentication (hashes
 * over the bytes read) and checked against EF.SOD and the CSCA trust list: "verified" only when
 * hashes, signature and chain all hold (never silently "verified").
 */

export interface CardLink {
  /** Activates the card (InListPassiveTarget); false when no card is in the field. */
  activate(): Promise<boolean>;
  transceive: Transceive;
}

export interface ReadCardOptions {
  link: CardLink;
  mrzKeys: BacKeyInput[];
  /** Card access number: PACE is tried first when given (Vietnamese cards: last 6 digits of the ID). */
  can?: string;
  readPhoto?: boolean;
  /** CSCA trust list for passive authentication; empty → the verdict is at best "not-verified". */
  trust?: readonly X509Certificate[];
  /** CRLs of those CSCAs (DER): a revoked Document Signer is "not-verified" (ds-revoked). */
  crls?: readonly Uint8Array[];
  random: (length: number) => Uint8Array;
  /** Monotonic clock in ms, for the timings. */
  now?: () => number;
}

export interface GroupRead {
  group: 'COM' | 'DG1' | 'DG2' | 'DG13' | 'DG15' | 'SOD';
  length: number;
  commands: number;
  ms: number;
  bytes: Uint8Array;
}

export interface CardReadResult {
  access: 'PACE' | 'BAC';
  /** Why PACE was not used, when BAC opened the chip although a CAN was given. */
  paceFallback?: ErrorCode;
  /** Which MRZ key opened the chip (index into `mrzKeys`; -1 for PACE). */
  keyIndex: number;
  groups: GroupRead[];
  dataGroupsListed: number[];
  dg1: Dg1;
  dg13: RedactedDg13 | undefined;
  verification: PassiveResult;
  /** Active Authentication, when the chip lists DG15. */
  activeAuthentication?: ActiveAuthResult;
  timings: { accessMs: number; totalMs: number };
  recoveries: number;
}

export async function readCard(options: ReadCardOptions): Promise<CardReadResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { link } = options;
  let channel: ChipChannel | undefined;
  let keyIndex = -1;

  let access: 'PACE' | 'BAC' = 'BAC';
  let paceFallback: ErrorCode | undefined;

  const openPace = async (can: string): Promise<void> => {
    const plain = plainChannel(link.transceive);
    const cardAccess = parseCardAccess((await readFile({ fid: EF.cardAccess.fid, channel: () => plain, maxFileLength: 4096 })).bytes);
    const info = cardAccess.pace.find(
      (p) =>
        p.keyAgreement === 'ECDH' &&
        p.mapping === 'GM' &&
        p.cipher !== '3DES' &&
        p.parameterId !== undefined &&
        CURVES_BY_PARAMETER_ID[p.parameterId],
    );
    if (!info) throw new DangkyError('DK_ERR_CHIP_ACCESS_DENIED', { detail: { reason: 'no supported PACE variant' } });
    const session = await performPace({
      transceive: link.transceive,
      info,
      password: { kind: 'can', can },
      privateKey: (curve) => (bigintFromBytes(options.random(curve.size + 8)) % (curve.n - 1n)) + 1n,
    });
    channel = secureChannel(session, link.transceive);
    await channel.send(selectAid());
  };

  const open = async (onlyKey?: number): Promise<void> => {
    if (!(await link.activate())) throw new DangkyError('DK_ERR_NFC_NO_CARD');
    if (options.can && (access === 'PACE' || onlyKey === undefined)) {
      try {
        await openPace(options.can);
        access = 'PACE';
        return;
      } catch (error) {
        if (options.mrzKeys.length === 0 || access === 'PACE') throw error;
        paceFallback = errorCodeOf(error);
        if (!(await link.activate())) throw new DangkyError('DK_ERR_NFC_NO_CARD');
      }
    }
    let lastError: unknown = new DangkyError('DK_ERR_CHIP_ACCESS_DENIED');
    const candidates = onlyKey === undefined ? options.mrzKeys.map((_, i) => i) : [onlyKey];
    for (const i of candidates) {
      const key = options.mrzKeys[i];
      if (!key) continue;
      try {
        await plainChannel(link.transceive).send(selectAid());
        const session = await performBac({ mrzInfo: bacKeyInfo(key), transceive: link.transceive, random: options.random });
        channel = secureChannel(session, link.transceive);
        keyIndex = i;
        return;
      } catch (error) {
        lastError = error;
        if (errorCodeOf(error) !== 'DK_ERR_CHIP_ACCESS_DENIED') throw error;
        // A failed EXTERNAL AUTHENTICATE may leave the chip unwilling: re-activate before the next key.
        if (!(await link.activate())) throw new DangkyError('DK_ERR_NFC_NO_CARD');
      }
    }
    throw lastError;
  };

  await open();
  const accessMs = now() - started;
  const groups: GroupRead[] = [];
  let recoveries = 0;
  const read = async (group: GroupRead['group'], fid: number): Promise<Uint8Array> => {
    const t0 = now();
    const result = await readFile({
      fid,
      channel: () => {
        if (!channel) throw new DangkyError('DK_ERR_CHIP_SECURITY_STATUS');
        return channel;
      },
      recover: () => open(keyIndex),
    });
    recoveries += result.recoveries;
    groups.push({ group, length: result.bytes.length, commands: result.commands, ms: now() - t0, bytes: result.bytes });
    return result.bytes;
  };

  const com = parseEfCom(await read('COM', EF.com.fid));
  const dg1 = parseDg1(await read('DG1', EF.dg1.fid));
  let dg13: RedactedDg13 | undefined;
  if (com.dataGroups.includes(13)) dg13 = redactDg13(parseDg13(await read('DG13', EF.dg13.fid)));
  if (options.readPhoto && com.dataGroups.includes(2)) await read('DG2', EF.dg2.fid);
  let activeAuthentication: ActiveAuthResult | undefined;
  if (com.dataGroups.includes(15)) {
    const dg15 = await read('DG15', EF.dg15.fid);
    const current = channel;
    if (current) activeAuthentication = await performActiveAuthentication({ channel: current, dg15, random: options.random });
  }
  let sod: Uint8Array | undefined;
  try {
    sod = await read('SOD', EF.sod.fid);
  } catch (error) {
    if (errorCodeOf(error) !== 'DK_ERR_CHIP_FILE_NOT_FOUND') throw error;
  }
  const numbers = { DG1: 1, DG2: 2, DG13: 13, DG15: 15 } as const;
  const dataGroups = new Map(
    groups.flatMap((g) => (g.group in numbers ? [[numbers[g.group as keyof typeof numbers], g.bytes] as const] : [])),
  );
  const verification: PassiveResult = sod
    ? await verifyPassive({ sod, groups: dataGroups, trust: options.trust ?? [], crls: options.crls ?? [] })
    : { verdict: 'not-verified', reason: 'the chip has no EF.SOD', reasonCode: 'sod-missing', hashes: [], warnings: [] };
  return {
    access,
    ...(paceFallback ? { paceFallback } : {}),
    keyIndex,
    groups,
    dataGroupsListed: com.dataGroups,
    dg1,
    dg13,
    verification,
    ...(activeAuthentication ? { activeAuthentication } : {}),
    timings: { accessMs, totalMs: now() - started },
    recoveries,
  };
}

/** Code and message of a failed read, for the CLI's JSON error (exit 2 = could not read). */
export const cardErrorSummary = (error: unknown): { code: ErrorCode; message: string } => {
  const code = errorCodeOf(error);
  return { code, message: error instanceof Error ? error.message : String(error) };
};
