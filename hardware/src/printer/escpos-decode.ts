import { cp1258Char } from './cp1258.ts';
import { DEFAULT_CP1258_PAGE } from './escpos-encode.ts';

/**
 * What a receipt printer would print, read back from an ESC/POS byte stream: the text lines and
 * the QR payload of each ticket, a ticket ending at a cut (GS V). This is the simulated printer's
 * paper. It reads the stream as a printer does, generically: every ESC, GS, FS and DLE command
 * is consumed by its documented length (the bodies of bit images, barcodes and GS ( / FS (
 * functions included), so an unknown or irrelevant command never turns into text. It never
 * throws: garbage decodes to garbage lines, bytes the selected code page does not define to
 * U+FFFD.
 *
 * Incremental: `push` takes chunks cut anywhere; a command split across chunks waits for its
 * rest. Only a QR store (≤ 65,540 bytes) is held whole; other command bodies are skipped as
 * they stream past.
 */

export interface DecodedTicket {
  lines: string[];
  qrPayload: string | null;
}

export interface EscPosDecoderOptions {
  /** ESC t n value that means Windows-1258 (the only code page the simulator knows). Default 52. */
  codePage?: number;
  /** A line longer than this many characters is broken (a printer wraps much earlier). Default 4,096. */
  maxLineLength?: number;
}

export interface EscPosDecoder {
  push(chunk: Uint8Array): void;
  /** Bytes received since the last cut (an unfinished ticket). */
  readonly pendingBytes: number;
}

const NEED_MORE = -1;
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

/** Commands of form <prefix> <letter> with a fixed number of parameter bytes. */
const ESC_FIXED: Record<number, number> = {
  0x0c: 0,
  0x20: 1,
  0x21: 1,
  0x25: 1,
  0x2d: 1,
  0x32: 0,
  0x33: 1,
  0x3c: 0,
  0x3d: 1,
  0x3f: 1,
  0x40: 0,
  0x45: 1,
  0x47: 1,
  0x4a: 1,
  0x4b: 1,
  0x4c: 0,
  0x4d: 1,
  0x52: 1,
  0x53: 0,
  0x54: 1,
  0x55: 1,
  0x56: 1,
  0x57: 8,
  0x5c: 2,
  0x24: 2,
  0x61: 1,
  0x63: 2,
  0x64: 1,
  0x65: 1,
  0x69: 0,
  0x6d: 0,
  0x70: 3,
  0x72: 1,
  0x74: 1,
  0x75: 1,
  0x76: 0,
  0x7b: 1,
  0x42: 2,
  0x43: 1,
  0x46: 0,
  0x19: 1,
};
const GS_FIXED: Record<number, number> = {
  0x21: 1,
  0x24: 2,
  0x2f: 1,
  0x3a: 0,
  0x42: 1,
  0x45: 1,
  0x48: 1,
  0x49: 1,
  0x4c: 2,
  0x50: 2,
  0x54: 1,
  0x57: 2,
  0x5c: 2,
  0x5e: 3,
  0x61: 1,
  0x62: 1,
  0x63: 0,
  0x66: 1,
  0x67: 4,
  0x68: 1,
  0x72: 1,
  0x77: 1,
  0x7a: 3,
};
const FS_FIXED: Record<number, number> = { 0x21: 1, 0x26: 0, 0x2d: 1, 0x2e: 0, 0x43: 1, 0x53: 2, 0x57: 1, 0x70: 2 };
const DLE_FIXED: Record<number, number> = { 0x04: 1, 0x05: 1, 0x14: 3 };

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);

/**
 * Total length of the command at `at`, NEED_MORE while its header is incomplete. The length may
 * run past the buffer (a long body still to come).
 */
function commandLength(b: Uint8Array, at: number): number {
  const have = b.length - at;
  const need = (n: number, then: () => number) => (have < n ? NEED_MORE : then());
  const prefix = b[at];
  return need(2, () => {
    const op = b[at + 1] ?? 0;
    if (prefix === ESC) {
      if (op === 0x2a) return need(5, () => 5 + u16(b, at + 3) * ((b[at + 2] ?? 0) <= 1 ? 1 : 3)); // ESC * m nL nH bit image
      if (op === 0x28) return need(5, () => 5 + u16(b, at + 3)); // ESC ( X pL pH
      if (op === 0x44) return nulTerminated(b, at, 2, 33); // ESC D tab stops … NUL
      if (op === 0x26) return userCharacters(b, at); // ESC & y c1 c2 [x d…]…
      return 2 + (ESC_FIXED[op] ?? 0);
    }
    if (prefix === GS) {
      if (op === 0x28) return need(5, () => 5 + u16(b, at + 3)); // GS ( X pL pH
      if (op === 0x38)
        return need(7, () => 7 + ((b[at + 3] ?? 0) | ((b[at + 4] ?? 0) << 8) | ((b[at + 5] ?? 0) << 16)) + (b[at + 6] ?? 0) * 2 ** 24); // GS 8 L p1–p4
      if (op === 0x56) return need(3, () => ([0x41, 0x42, 0x61, 0x62, 0x67, 0x68].includes(b[at + 2] ?? 0) ? 4 : 3)); // GS V m [n]
      if (op === 0x76) return need(8, () => 8 + u16(b, at + 4) * u16(b, at + 6)); // GS v 0 m xL xH yL yH raster
      if (op === 0x2a) return need(4, () => 4 + (b[at + 2] ?? 0) * (b[at + 3] ?? 0) * 8); // GS * x y
      if (op === 0x6b) {
        // GS k m: m ≤ 6 data … NUL; m ≥ 65 n then n bytes.
        return need(3, () => ((b[at + 2] ?? 0) <= 6 ? nulTerminated(b, at, 3, 256) : need(4, () => 4 + (b[at + 3] ?? 0))));
      }
      return 2 + (GS_FIXED[op] ?? 0);
    }
    if (prefix === FS) {
      if (op === 0x28) return need(5, () => 5 + u16(b, at + 3));
      return 2 + (FS_FIXED[op] ?? 0);
    }
    return 2 + (DLE_FIXED[op] ?? 0);
  });
}

/** Length of a command whose data after `header` bytes ends with a NUL; past `max` data bytes it counts as ended. */
function nulTerminated(b: Uint8Array, at: number, header: number, max: number): number {
  for (let i = at + header; i < b.length && i - at - header < max; i++) if (b[i] === 0) return i + 1 - at;
  return b.length - at - header >= max ? header + max : NEED_MORE;
}

/** ESC & y c1 c2, then for each character c1…c2: x and y·x bytes. */
function userCharacters(b: Uint8Array, at: number): number {
  if (b.length - at < 5) return NEED_MORE;
  const y = b[at + 2] ?? 0;
  const count = Math.max(0, (b[at + 4] ?? 0) - (b[at + 3] ?? 0) + 1);
  let i = at + 5;
  for (let c = 0; c < count; c++) {
    if (i >= b.length) return NEED_MORE;
    i += 1 + y * (b[i] ?? 0);
  }
  return i - at;
}

export function createEscPosDecoder(
  onTicket: (ticket: DecodedTicket, info: { bytes: number }) => void,
  options: EscPosDecoderOptions = {},
): EscPosDecoder {
  const cp1258Page = options.codePage ?? DEFAULT_CP1258_PAGE;
  const maxLineLength = options.maxLineLength ?? 4096;
  let pending: Uint8Array = new Uint8Array(0);
  let skip = 0;
  let ticketBytes = 0;
  let cp1258 = false;
  let line = '';
  let lines: string[] = [];
  let qrStored: string | null = null;
  let qrPrinted: string | null = null;

  const endLine = () => {
    lines.push(line.normalize('NFC'));
    line = '';
  };
  const cut = () => {
    if (line !== '') endLine();
    const ticket = { lines, qrPayload: qrPrinted };
    const bytes = ticketBytes;
    lines = [];
    qrStored = null;
    qrPrinted = null;
    ticketBytes = 0;
    onTicket(ticket, { bytes });
  };
  const command = (b: Uint8Array, at: number, length: number) => {
    const prefix = b[at];
    const op = b[at + 1];
    if (prefix === ESC && op === 0x40)
      cp1258 = false; // ESC @ restores the default code page (PC437)
    else if (prefix === ESC && op === 0x74) cp1258 = b[at + 2] === cp1258Page;
    else if (prefix === GS && op === 0x28 && b[at + 2] === 0x6b && length >= 8 && b[at + 5] === 0x31 && b[at + 7] === 0x30) {
      const fn = b[at + 6];
      if (fn === 80) qrStored = new TextDecoder('utf-8').decode(b.subarray(at + 8, at + length));
      else if (fn === 81) qrPrinted = qrStored;
    } else if (prefix === GS && op === 0x56) cut();
  };

  const consume = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length) {
      if (skip > 0) {
        const n = Math.min(skip, b.length - i);
        skip -= n;
        i += n;
        ticketBytes += n;
        continue;
      }
      const byte = b[i] ?? 0;
      if (byte === ESC || byte === GS || byte === FS || byte === DLE) {
        const length = commandLength(b, i);
        // GS ( k is read whole (the QR data); other bodies longer than a header are skipped as they stream in.
        const readWhole = byte === GS && b[i + 1] === 0x28 && b[i + 2] === 0x6b;
        if (length === NEED_MORE || (i + length > b.length && (readWhole || length <= 64))) return b.slice(i);
        if (i + length > b.length) {
          skip = i + length - b.length;
          ticketBytes += b.length - i;
          return new Uint8Array(0);
        }
        ticketBytes += length;
        command(b, i, length);
        i += length;
        continue;
      }
      ticketBytes += 1;
      i += 1;
      if (byte === LF) endLine();
      else if (byte >= 0x20 && byte !== 0x7f) {
        line += byte < 0x80 ? String.fromCharCode(byte) : cp1258 ? cp1258Char(byte) : '\uFFFD';
        if (line.length >= maxLineLength) endLine();
      }
      // Other C0 controls (CR, HT, FF, CAN…) print nothing here.
    }
    return new Uint8Array(0);
  };

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending);
      joined.set(chunk, pending.length);
      pending = consume(joined);
    },
    get pendingBytes() {
      return ticketBytes + pending.length;
    },
  };
}
