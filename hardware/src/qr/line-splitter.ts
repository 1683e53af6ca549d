/**
 * Framing for a QR scanner in serial (USB CDC) mode: it sends each payload followed by CR, LF or
 * CR LF. A run of terminators ends a line, so CR LF (and stray blank lines) never produce empty
 * payloads. A line longer than `maxLineBytes` is refused whole: its bytes are dropped as they
 * arrive, and the splitter resynchronises at the next terminator — memory stays bounded however
 * long the garbage runs. Chunks may be cut anywhere, even inside a UTF-8 character (the bytes
 * are joined before anyone decodes them).
 *
 * Pure: no I/O, no logging. Decoding a line is the caller's business (see scanner.ts).
 */

export interface LineSplitterOptions {
  /** Longest line accepted, in bytes; longer lines are refused. Default 1,024 (a card QR is ~300). */
  maxLineBytes?: number;
}

export interface LineSplitterEvents {
  /** A complete line, terminators removed, never empty. */
  onLine(bytes: Uint8Array): void;
  /** A line over the limit was dropped (called once, when its terminator arrives). */
  onRefused?(reason: 'too-long'): void;
}

export interface LineSplitter {
  push(chunk: Uint8Array): void;
  /** Bytes held for the line under way (0 while skipping an over-long one). */
  readonly pendingBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;

export function createLineSplitter(events: LineSplitterEvents, options: LineSplitterOptions = {}): LineSplitter {
  const max = options.maxLineBytes ?? 1_024;
  let parts: Uint8Array[] = [];
  let held = 0;
  let skipping = false;

  const endLine = () => {
    if (skipping) {
      skipping = false;
      events.onRefused?.('too-long');
      return;
    }
    if (held === 0) return;
    const line = new Uint8Array(held);
    let at = 0;
    for (const part of parts) {
      line.set(part, at);
      at += part.length;
    }
    parts = [];
    held = 0;
    events.onLine(line);
  };

  const take = (piece: Uint8Array) => {
    if (skipping || piece.length === 0) return;
    if (held + piece.length > max) {
      parts = [];
      held = 0;
      skipping = true;
      return;
    }
    parts.push(piece.slice());
    held += piece.length;
  };

  return {
    push(chunk) {
      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte !== CR && byte !== LF) continue;
        take(chunk.subarray(start, i));
        endLine();
        start = i + 1;
      }
      take(chunk.subarray(start));
    },
    get pendingBytes() {
      return held;
    },
  };
}
