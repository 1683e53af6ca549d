import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import { concatBytes, parseTlv, readBinary, readTlvHeader, selectEf } from '@dangky/core/icao';
import type { ChipChannel } from './chip-channel.ts';

/**
 * Reads one elementary file in chunks (BRIEF §1.4): many PN532 readers choke on long APDUs, so
 * chunks start at 224 bytes and step down to 160 then 112 when the chip answers 6700 or 6282;
 * `6Cxx` retries with the length the chip asks for. After a tag loss, `recover` (re-detect the
 * card, re-open access, which resets secure messaging) is awaited and the read resumes from the
 * last offset, so a DG2 photo does not start over. The first read fetches the TLV header to
 * learn the file length; the bytes returned are exactly the bytes read (hashes are over them).
 */

export interface ReadFileOptions {
  /** File identifier, e.g. 0x0101 for DG1. */
  fid: number;
  /** Current channel; asked again after a recovery because access control starts a new session. */
  channel: () => ChipChannel;
  /** Chunk sizes to try, largest first. Default [224, 160, 112]. */
  chunkSizes?: readonly number[];
  /** Largest file accepted, in bytes. Default 131,072 (a DG2 photo is ~15–30 KB). */
  maxFileLength?: number;
  /** Brings the card back after a tag loss; throws if it does not come back. */
  recover?: () => Promise<void>;
  /** Recoveries allowed for one file. Default 3. */
  maxRecoveries?: number;
}

export interface ReadFileResult {
  bytes: Uint8Array;
  /** READ BINARY and SELECT commands sent, for the bench figures. */
  commands: number;
  recoveries: number;
  /** The chunk size in use at the end (so the next file can start there). */
  chunkSize: number;
}

const HEADER_READ = 8;
const isStepDown = (code: string) => code === 'DK_ERR_CHIP_WRONG_LENGTH' || code === 'DK_ERR_CHIP_END_OF_FILE';
const isTagLoss = (code: string) => code === 'DK_ERR_NFC_CARD_REMOVED';

export async function readFile(options: ReadFileOptions): Promise<ReadFileResult> {
  const sizes = options.chunkSizes ?? [224, 160, 112];
  const maxFileLength = options.maxFileLength ?? 131_072;
  const maxRecoveries = options.maxRecoveries ?? 3;
  let sizeIndex = 0;
  let commands = 0;
  let recoveries = 0;
  let selected = false;
  const parts: Uint8Array[] = [];
  let offset = 0;
  let total: number | undefined;

  const readAt = async (at: number, length: number): Promise<Uint8Array> => {
    const channel = options.channel();
    if (!selected) {
      commands++;
      await channel.send(selectEf(options.fid));
      selected = true;
    }
    commands++;
    const apdu = readBinary(at, length);
    const data = await channel.send(apdu);
    // Beyond 32 KiB (INS B1) the chip wraps the bytes in a 53 object.
    return apdu.ins === 0xb1 ? parseTlv(data, { parseChildren: false, maxLength: 65_536 }).value : data;
  };

  for (let guard = 0; total === undefined || offset < total; guard++) {
    if (guard > 10_000) throw new DangkyError('DK_ERR_CHIP_STATUS', { detail: { reason: 'read did not progress' } });
    const chunk = sizes[sizeIndex] ?? 112;
    let length = total === undefined ? HEADER_READ : Math.min(chunk, total - offset);
    try {
      let data: Uint8Array;
      try {
        data = await readAt(offset, length);
      } catch (error) {
        const sixC = error instanceof DangkyError && error.code === 'DK_ERR_CHIP_WRONG_LE' ? Number(error.detail?.expectedLength) : 0;
        if (!(sixC > 0 && sixC < length)) throw error;
        length = sixC;
        data = await readAt(offset, length);
      }
      if (data.length === 0) throw new DangkyError('DK_ERR_CHIP_END_OF_FILE', { detail: { offset } });
      if (data.length > length) throw new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { detail: { reason: 'more bytes than asked' } });
      parts.push(data);
      offset += data.length;
      if (total === undefined) {
        const head = concatBytes(...parts);
        const header = readTlvHeader(head, 0, { maxLength: maxFileLength });
        total = header.headerLength + header.length;
        if (offset > total) {
          parts.splice(0, parts.length, head.slice(0, total));
          offset = total;
        }
      }
    } catch (error) {
      const code = errorCodeOf(error);
      if (isStepDown(code) && sizeIndex < sizes.length - 1 && total !== undefined) {
        sizeIndex++;
        continue;
      }
      if (isTagLoss(code) && options.recover && recoveries < maxRecoveries) {
        recoveries++;
        await options.recover();
        selected = false;
        continue;
      }
      throw error;
    }
  }
  return { bytes: concatBytes(...parts), commands, recoveries, chunkSize: sizes[sizeIndex] ?? 112 };
}
