/**
 * PN532 host-link frames (NXP UM0701-02 §6.2), pure. Normal information frame:
 * `00 00 FF LEN LCS TFI PD… DCS 00`; extended: `00 00 FF FF FF LENM LENL LCS TFI PD… DCS 00`;
 * ACK `00 00 FF 00 FF 00`; NACK `00 00 FF FF 00 00`; application error `00 00 FF 01 FF 7F 81 00`.
 * LEN counts TFI + PD; `LEN + LCS ≡ 0` and `TFI + ΣPD + DCS ≡ 0 (mod 256)`.
 *
 * The decoder is a function from buffered bytes to frames plus the bytes still waiting, so the
 * stream transform around it stays trivial and tests can feed any fragmentation. A corrupt frame
 * does not throw: it is reported as `corrupt` with its error code and the decoder resynchronises
 * on the next start code (the driver answers a corrupt frame with a NACK and a retry).
 */

export const TFI_HOST_TO_PN532 = 0xd4;
export const TFI_PN532_TO_HOST = 0xd5;
export const ACK_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);
export const NACK_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0xff, 0x00, 0x00);
export const ERROR_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00);
/**
 * HSU wake-up: the PN532 sleeps after power-on until it sees a long preamble on its serial
 * line (UM0701-02 §7.2.11 / the 0x55 "wake-up" byte followed by zeros), sent once before the
 * first command (SAMConfiguration).
 */
export const HSU_WAKEUP = Uint8Array.of(0x55, 0x55, ...new Array<number>(14).fill(0x00));

export type Pn532Frame =
  | { type: 'ack' }
  | { type: 'nack' }
  | { type: 'error' }
  | { type: 'data'; tfi: number; data: Uint8Array; extended: boolean }
  | { type: 'corrupt'; code: 'DK_ERR_NFC_FRAME_CHECKSUM' | 'DK_ERR_NFC_FRAME_MALFORMED'; reason: string };

export interface DecodeResult {
  frames: Pn532Frame[];
  /** Bytes to keep and prepend to the next chunk (an incomplete frame, or a lone 00). */
  rest: Uint8Array;
}

export interface DecodeOptions {
  /** Largest TFI+PD accepted in an extended frame, in bytes. Default 1024 (the PN532 buffer is 265). */
  maxFrameData?: number;
}

const sum = (bytes: Uint8Array, from: number, to: number): number => {
  let total = 0;
  for (let i = from; i < to; i++) total += bytes[i] ?? 0;
  return total & 0xff;
};

function findStart(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 0x00 && bytes[i + 1] === 0xff) return i;
  return -1;
}

/** Cuts every complete frame out of `bytes`. Pure; never throws. */
export function decodeFrames(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const maxFrameData = options.maxFrameData ?? 1024;
  const frames: Pn532Frame[] = [];
  let at = 0;
  for (;;) {
    const start = findStart(bytes, at);
    if (start < 0) {
      // Keep a trailing 00: it may be the first half of the next start code.
      const keep = bytes.length > at && bytes[bytes.length - 1] === 0x00 ? 1 : 0;
      return { frames, rest: bytes.slice(bytes.length - keep) };
    }
    const p = start + 2;
    const corrupt = (code: 'DK_ERR_NFC_FRAME_CHECKSUM' | 'DK_ERR_NFC_FRAME_MALFORMED', reason: string) => {
      frames.push({ type: 'corrupt', code, reason });
      at = p; // resynchronise after this start code
    };
    if (bytes.length < p + 2) return { frames, rest: bytes.slice(start) };
    const b0 = bytes[p] ?? 0;
    const b1 = bytes[p + 1] ?? 0;
    if (b0 === 0x00 && b1 === 0xff) {
      frames.push({ type: 'ack' });
      at = p + 2;
      continue;
    }
    if (b0 === 0xff && b1 === 0x00) {
      frames.push({ type: 'nack' });
      at = p + 2;
      continue;
    }
    let length: number;
    let bodyStart: number;
    let extended = false;
    if (b0 === 0xff && b1 === 0xff) {
      if (bytes.length < p + 5) return { frames, rest: bytes.slice(start) };
      const lenM = bytes[p + 2] ?? 0;
      const lenL = bytes[p + 3] ?? 0;
      if (((lenM + lenL + (bytes[p + 4] ?? 0)) & 0xff) !== 0) {
        corrupt('DK_ERR_NFC_FRAME_CHECKSUM', 'extended length checksum');
        continue;
      }
      length = lenM * 256 + lenL;
      bodyStart = p + 5;
      extended = true;
      if (length > maxFrameData) {
        corrupt('DK_ERR_NFC_FRAME_MALFORMED', 'extended frame too long');
        continue;
      }
    } else {
      if (((b0 + b1) & 0xff) !== 0) {
        corrupt('DK_ERR_NFC_FRAME_CHECKSUM', 'length checksum');
        continue;
      }
      length = b0;
      bodyStart = p + 2;
    }
    if (length === 0) {
      corrupt('DK_ERR_NFC_FRAME_MALFORMED', 'empty frame');
      continue;
    }
    const dcsAt = bodyStart + length;
    if (bytes.length < dcsAt + 1) return { frames, rest: bytes.slice(start) };
    if (((sum(bytes, bodyStart, dcsAt) + (bytes[dcsAt] ?? 0)) & 0xff) !== 0) {
      corrupt('DK_ERR_NFC_FRAME_CHECKSUM', 'data checksum');
      continue;
    }
    const tfi = bytes[bodyStart] ?? 0;
    if (length === 1 && tfi === 0x7f) {
      frames.push({ type: 'error' });
    } else if (tfi !== TFI_PN532_TO_HOST && tfi !== TFI_HOST_TO_PN532) {
      frames.push({ type: 'corrupt', code: 'DK_ERR_NFC_FRAME_MALFORMED', reason: 'unknown frame identifier' });
    } else {
      frames.push({ type: 'data', tfi, data: bytes.slice(bodyStart + 1, dcsAt), extended });
    }
    at = dcsAt + 1; // the postamble (00) is skipped as noise before the next start code
  }
}

/** Encodes one information frame; extended form when TFI+PD exceeds 255 bytes. */
export function encodeFrame(tfi: number, data: Uint8Array): Uint8Array {
  const length = data.length + 1;
  if (length > 0xffff) throw new RangeError('PN532 frame data too long');
  const header =
    length <= 0xff
      ? [0x00, 0x00, 0xff, length, (0x100 - length) & 0xff]
      : [0x00, 0x00, 0xff, 0xff, 0xff, length >> 8, length & 0xff, (0x100 - ((length >> 8) + (length & 0xff))) & 0xff];
  const out = new Uint8Array(header.length + length + 2);
  out.set(header, 0);
  out[header.length] = tfi;
  out.set(data, header.length + 1);
  let dataSum = tfi;
  for (const b of data) dataSum += b;
  out[header.length + length] = (0x100 - (dataSum & 0xff)) & 0xff;
  out[out.length - 1] = 0x00;
  return out;
}

/** Bytes a buffered tail must reach before decoding it can yield its frame (it starts at 00 FF). */
function bytesNeeded(rest: Uint8Array): number {
  if (rest.length < 4 || rest[0] !== 0x00 || rest[1] !== 0xff) return rest.length + 1;
  const b0 = rest[2] ?? 0;
  const b1 = rest[3] ?? 0;
  if (b0 === 0xff && b1 === 0xff) {
    if (rest.length < 7) return 7;
    return 7 + (rest[4] ?? 0) * 256 + (rest[5] ?? 0) + 1;
  }
  return 4 + b0 + 1;
}

/**
 * `decodeFrames` across chunks, for the driver: a chunk holding whole frames (the usual case) is
 * decoded in place, without copying it onto a tail; an unfinished frame is kept and decoded again
 * only once the bytes its length field announces have arrived, so a frame that trickles in over
 * many small reads is scanned once, not once per read. The tail is bounded so line noise cannot
 * grow it.
 */
export class FrameDecoder {
  #pending: Uint8Array = new Uint8Array(0);
  #need = 0;
  readonly #options: DecodeOptions;

  constructor(options: DecodeOptions = {}) {
    this.#options = options;
  }

  feed(chunk: Uint8Array): Pn532Frame[] {
    let bytes = chunk;
    if (this.#pending.length > 0) {
      bytes = new Uint8Array(this.#pending.length + chunk.length);
      bytes.set(this.#pending, 0);
      bytes.set(chunk, this.#pending.length);
    }
    if (bytes.length < this.#need) {
      this.#pending = bytes === chunk ? chunk.slice() : bytes;
      return [];
    }
    const { frames, rest } = decodeFrames(bytes, this.#options);
    this.#pending = rest.length > 4096 ? new Uint8Array(0) : rest;
    this.#need = this.#pending.length === 0 ? 0 : bytesNeeded(this.#pending);
    return frames;
  }
}
