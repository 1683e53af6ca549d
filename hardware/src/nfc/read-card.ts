import { DangkyError, errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import { EF, bacKeyInfo, parseDg1, parseDg13, parseEfCom, redactDg13, selectAid, type BacKeyInput, type Dg1, type RedactedDg13 } from '@dangky/core/icao';
import { performBac, type Transceive } from './bac.ts';
import { plainChannel, secureChannel, type ChipChannel } from './chip-channel.ts';
import { readFile } from './read-file.ts';

/**
 * One read of a Vietnamese citizen card over BAC: activate, SELECT the eMRTD application, open
 * BAC with the MRZ key (the 9-digit MRZ field first, then the 12-digit ID number — BRIEF §1.4 ⚠),
 * read EF.COM, DG1, DG13 (and DG2 when asked), resuming after a tag loss. DG13 leaves this
 * function redacted; the raw bytes of each group are kept for passive authentication (hashes
 * over the bytes read). Passive authentication itself is not here yet: the verdict is always
 * "read, not verified" (never silently "verified").
 */

export interface CardLink {
  /** Activates the card (InListPassiveTarget); false when no card is in the field. */
  activate(): Promise<boolean>;
  transceive: Transceive;
}

export interface ReadCardOptions {
  link: CardLink;
  mrzKeys: BacKeyInput[];
  readPhoto?: boolean;
  random: (length: number) => Uint8Array;
  /** Monotonic clock in ms, for the timings. */
  now?: () => number;
}

export interface GroupRead {
  group: 'COM' | 'DG1' | 'DG2' | 'DG13';
  length: number;
  commands: number;
  ms: number;
  bytes: Uint8Array;
}

export interface CardReadResult {
  access: 'BAC';
  /** Which MRZ key opened the chip (index into `mrzKeys`). */
  keyIndex: number;
  groups: GroupRead[];
  dataGroupsListed: number[];
  dg1: Dg1;
  dg13: RedactedDg13 | undefined;
  verification: { verdict: 'not-verified'; reason: string };
  timings: { accessMs: number; totalMs: number };
  recoveries: number;
}

export async function readCard(options: ReadCardOptions): Promise<CardReadResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { link } = options;
  let channel: ChipChannel | undefined;
  let keyIndex = -1;

  const open = async (onlyKey?: number): Promise<void> => {
    if (!(await link.activate())) throw new DangkyError('DK_ERR_NFC_NO_CARD');
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
  return {
    access: 'BAC',
    keyIndex,
    groups,
    dataGroupsListed: com.dataGroups,
    dg1,
    dg13,
    verification: { verdict: 'not-verified', reason: 'passive authentication (EF.SOD) is not implemented yet' },
    timings: { accessMs, totalMs: now() - started },
    recoveries,
  };
}

/** The exit code of `dangky-hw card read` for an error (2 = could not read). */
export const cardErrorSummary = (error: unknown): { code: ErrorCode; message: string } => {
  const code = errorCodeOf(error);
  return { code, message: error instanceof Error ? error.message : String(error) };
};
